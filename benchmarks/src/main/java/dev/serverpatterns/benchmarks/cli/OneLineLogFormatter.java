package dev.serverpatterns.benchmarks.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One log record, one line: {@code 12:04:31.207 DEBUG [serverpatterns-prethreaded-accept-worker-3]
 * connected by /127.0.0.1:49743}. The thread name is there on purpose: which thread served a
 * client is what tells the patterns apart. Levels use the {@link System.Logger} names the core
 * logs with, not java.util.logging's (FINE is DEBUG).
 */
final class OneLineLogFormatter extends Formatter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    /**
     * Looked up once, when logging is set up: the first lookup reads the JDK's time-zone file, and a
     * server that first logs when it has run out of descriptors (EMFILE) could not open it.
     */
    private static final ZoneId ZONE = ZoneId.systemDefault();

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(128)
                .append(TIME.format(LocalTime.ofInstant(record.getInstant(), ZONE)))
                .append(' ').append(levelName(record.getLevel()))
                // the handler publishes on the logging thread, so this is the thread that logged
                .append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(formatMessage(record))
                .append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN ";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO ";
        }
        return v >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }
}
