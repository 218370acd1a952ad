package dev.serverpatterns.benchmarks.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The C yardstick ({@code echo_epoll.c}, a resource of this jar): compiled with {@code gcc -O2}
 * the first time it is needed, into a directory of {@code java.io.tmpdir} named after the
 * source's hash, so the many JVMs of one suite run (JMH forks every trial) compile it once.
 */
public final class Yardstick {

    /** The name the yardstick answers to, in {@code @Param} lists and in the reports. */
    public static final String NAME = "yardstick";
    /** The only protocol it speaks. */
    public static final String PROTOCOL = "echo";

    static final String SOURCE_RESOURCE = "echo_epoll.c";
    private static final long GCC_TIMEOUT_SECONDS = 120;

    private static Path compiled;

    private Yardstick() {
    }

    /** The source, as shipped in the jar. */
    public static byte[] source() {
        try (InputStream in = Yardstick.class.getResourceAsStream(SOURCE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SOURCE_RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The compiled server, compiling it if this source was never compiled on this machine.
     *
     * @throws Unavailable if gcc is missing or fails; the message says so and how to fix it
     */
    public static synchronized Path binary() throws Unavailable {
        if (compiled != null && Files.isExecutable(compiled)) {
            return compiled;
        }
        byte[] source = source();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "serverpatterns-yardstick-" + hash(source));
        Path binary = dir.resolve("echo_epoll");
        if (!Files.isExecutable(binary)) {
            compile(source, dir, binary);
        }
        compiled = binary;
        return binary;
    }

    /** The command that starts the yardstick on an ephemeral port. */
    public static List<String> command() throws Unavailable {
        return List.of(binary().toString(), "0");
    }

    /** Whether it can be compiled here; never throws. */
    public static String unavailableReason() {
        try {
            binary();
            return null;
        } catch (Unavailable e) {
            return e.getMessage();
        }
    }

    private static void compile(byte[] source, Path dir, Path binary) throws Unavailable {
        try {
            Files.createDirectories(dir);
            Path work = Files.createTempDirectory(dir, "build-");
            Path src = work.resolve(SOURCE_RESOURCE);
            Files.write(src, source);
            Path out = work.resolve("echo_epoll");
            Process gcc;
            try {
                gcc = new ProcessBuilder("gcc", "-O2", "-o", out.toString(), src.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new Unavailable("gcc was not found (" + e.getMessage() + "): the C yardstick cannot be "
                        + "compiled, so its rows are skipped and no ratio can be given. Install gcc "
                        + "(e.g. apt-get install gcc) to measure it.");
            }
            gcc.getOutputStream().close();
            byte[] output = gcc.getInputStream().readAllBytes();
            if (!gcc.waitFor(GCC_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                gcc.destroyForcibly();
                throw new Unavailable("gcc did not finish within " + GCC_TIMEOUT_SECONDS + " s");
            }
            if (gcc.exitValue() != 0 || !Files.isExecutable(out)) {
                throw new Unavailable("gcc -O2 " + SOURCE_RESOURCE + " failed (exit " + gcc.exitValue() + "):\n"
                        + new String(output, StandardCharsets.UTF_8));
            }
            try {
                Files.move(out, binary, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another JVM won the race (or the file system cannot rename atomically): theirs is as good
                if (!Files.isExecutable(binary)) {
                    Files.copy(out, binary, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(src);
            Files.deleteIfExists(work);
        } catch (IOException e) {
            throw new Unavailable("could not compile the C yardstick in " + dir + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while compiling the C yardstick");
        }
    }

    private static String hash(byte[] source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** The yardstick cannot be built on this machine; the message says why. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
