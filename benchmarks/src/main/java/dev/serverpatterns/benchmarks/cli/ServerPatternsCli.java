package dev.serverpatterns.benchmarks.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code serverpatterns}: the runnable front end. {@code list} shows the registered patterns,
 * {@code serve} runs one, {@code load} drives one from outside, {@code compare} runs them all
 * against the same workload and prints one table.
 *
 * <p>Error conventions, the same for every command: invalid input (a bad option, a config that
 * {@code ServerConfig} refuses, an unknown pattern) is one line on stderr and exit status 2; an
 * I/O failure (a busy port) is one line and status 1; only a bug prints a stack trace.
 */
@Command(name = "serverpatterns", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "How a server serves many clients at once: every classic design behind one SPI.",
        subcommands = {ListCommand.class, ServeCommand.class, LoadCommand.class, CompareCommand.class, BenchCommand.class,
                HelpCommand.class})
public final class ServerPatternsCli implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with this project's error handling; tests execute it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new ServerPatternsCli())
                .setParameterExceptionHandler(ServerPatternsCli::invalidInput)
                .setExecutionExceptionHandler(ServerPatternsCli::failed);
    }

    /** No command given: show which there are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    /**
     * Runs a step that validates user input (building a {@code ServerConfig}, finding a pattern
     * by name), turning its {@link IllegalArgumentException} into invalid input of {@code spec}'s
     * command: one line, status 2, no stack trace.
     */
    static <T> T validated(CommandSpec spec, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static int invalidInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failed(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (e instanceof IOException || e instanceof UncheckedIOException) {
            // e.g. "cannot listen on /127.0.0.1:2000: Address already in use": the message says it all
            err.println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        } else {
            e.printStackTrace(err); // a bug: the trace is what its report needs
        }
        err.flush();
        return command.getCommandSpec().exitCodeOnExecutionException();
    }
}
