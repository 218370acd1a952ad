package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogSetupTest {

    private static final System.Logger CORE = System.getLogger("dev.serverpatterns.core.ConnectionLog");

    @AfterEach
    void quiet() {
        LogSetup.configure(false);
    }

    @Test
    void verboseShowsTheCoresDebugRecordsAndOtherwiseConnectionEventsAtInfo() {
        LogSetup.configure(true);
        assertThat(CORE.isLoggable(Level.DEBUG)).isTrue();

        LogSetup.configure(false);
        assertThat(CORE.isLoggable(Level.DEBUG)).isFalse();
        assertThat(CORE.isLoggable(Level.INFO)).as("refusals, protocol errors, idle closes").isTrue();
        assertThat(CORE.isLoggable(Level.WARNING)).isTrue();
    }

    @Test
    void oneRecordIsOneLineWithItsLevelThreadAndFormattedMessage() {
        LogRecord record = new LogRecord(java.util.logging.Level.FINE, "connected by {0}");
        record.setParameters(new Object[] {"/127.0.0.1:49743"});

        String line = new OneLineLogFormatter().format(record);

        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG \\[" + Pattern.quote(Thread.currentThread().getName())
                + "] connected by /127\\.0\\.0\\.1:49743\\R");
    }
}
