package dev.serverpatterns.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the numbers were measured on, captured when the suite starts (so that a report made
 * later, or elsewhere, still names the machine of the run): processors, memory, kernel, CPU,
 * JDK, descriptor limit, compiler of the yardstick, and where client and server ran.
 */
public final class Machine {

    private Machine() {
    }

    /** The facts of this machine, now, with the run's profile and client/server placement. */
    public static Map<String, Object> capture(String profile, String placement) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("profile", profile);
        m.put("processors", Runtime.getRuntime().availableProcessors());
        m.put("memory", memory(firstField(Path.of("/proc/meminfo"), "MemTotal:")));
        m.put("kernel", System.getProperty("os.name") + " " + read(Path.of("/proc/sys/kernel/osrelease"),
                System.getProperty("os.version")));
        m.put("cpu", firstField(Path.of("/proc/cpuinfo"), "model name"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("openFilesLimit", firstField(Path.of("/proc/self/limits"), "Max open files").split("\\s+")[0]);
        m.put("gcc", command("gcc", "--version"));
        m.put("placement", placement);
        return m;
    }

    /** "24684096 kB" to "23.5 GiB". */
    static String memory(String meminfo) {
        String[] f = meminfo.split("\\s+");
        if (f.length == 2 && f[1].equals("kB") && f[0].matches("\\d+")) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(f[0]) / (1024.0 * 1024));
        }
        return meminfo;
    }

    private static String read(Path file, String orElse) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return orElse;
        }
    }

    private static String firstField(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    String value = line.substring(key.length()).strip();
                    return value.startsWith(":") ? value.substring(1).strip() : value;
                }
            }
        } catch (IOException e) {
            // not Linux: unknown
        }
        return "unknown";
    }

    private static String command(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            String first = out.lines().findFirst().orElse("").strip();
            return p.exitValue() == 0 ? first : "not found";
        } catch (IOException | IllegalThreadStateException e) {
            return "not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
