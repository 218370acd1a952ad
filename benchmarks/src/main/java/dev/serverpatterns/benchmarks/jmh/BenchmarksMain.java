package dev.serverpatterns.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The main class of {@code benchmarks.jar}: JMH's own command line, with one addition. Unless the
 * arguments already choose patterns ({@code -p pattern=...}), it adds {@code -p pattern=} every
 * registered pattern and the C yardstick (where gcc can build it), found when it runs, so that a
 * plain {@code java -jar benchmarks.jar} measures every pattern on the class path and nobody keeps
 * a list of names (see {@link ServerBenchmark}).
 */
public final class BenchmarksMain {

    /** JMH options that only print something: no pattern list is needed (nor gcc run) for them. */
    private static final Set<String> INFORMATIONAL = Set.of("-h", "-help", "--help", "-l", "-lp", "-lrf", "-lprof");

    private BenchmarksMain() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(withEveryPattern(args, Suite::patternParams));
    }

    /** {@code args}, plus {@code -p pattern=A,B,...} from {@code patterns} unless they choose patterns already. */
    static String[] withEveryPattern(String[] args, Supplier<List<String>> patterns) {
        for (int i = 0; i < args.length; i++) {
            if (INFORMATIONAL.contains(args[i]) || choosesPatterns(args, i)) {
                return args;
            }
        }
        List<String> expanded = new ArrayList<>(List.of(args));
        expanded.add("-p");
        expanded.add("pattern=" + String.join(",", patterns.get()));
        return expanded.toArray(String[]::new);
    }

    /** {@code -p pattern=...} or {@code -ppattern=...}, as JMH's option parser accepts both. */
    private static boolean choosesPatterns(String[] args, int i) {
        return (args[i].equals("-p") && i + 1 < args.length && args[i + 1].startsWith("pattern="))
                || args[i].startsWith("-ppattern=");
    }
}
