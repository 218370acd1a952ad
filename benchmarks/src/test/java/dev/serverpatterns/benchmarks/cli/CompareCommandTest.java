package dev.serverpatterns.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.benchmarks.jmh.Yardstick;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real command: every server a child process, the yardstick too where gcc can build it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompareCommandTest {

    @Test
    void printsOneTableWithTheYardstickAndARowPerPatternAskedAndSaysWhatItCouldNotRun() {
        CliRun run = CliRun.execute("compare", "--duration", "1s", "--warmup", "300ms",
                "--patterns", "thread-per-client,iterative");

        assertThat(run.exitCode()).as("out: %s%nerr: %s", run.out(), run.err()).isZero();
        assertThat(run.out()).contains("1s measured per phase",
                        "ping-pong: 16 connections x 64 B echo; churn: 5 at a time x 4000 B")
                .containsPattern("(?m)^pattern +rt/s +vs yard +us/rt +vs yard +rt p99 +conn/s +us/conn +errors +note$")
                .containsPattern("(?m)^iterative +cannot +- +cannot +- +- +[\\d,]+ +[\\d.,]+ +0 +ping-pong not run "
                        + "\\(below\\)$")
                .contains("Not run:", "  iterative ping-pong: cannot, serves one client at a time: 15 of 16 "
                        + "connections would wait in the listen backlog forever");
        if (Yardstick.unavailableReason() == null) {
            assertThat(run.out())
                    .containsPattern("(?m)^yardstick +[\\d,]+ +1\\.00 +[\\d.]+ +1\\.00 +[\\d.]+ [um]?s +n/a +n/a +0 ")
                    .containsPattern("(?m)^thread-per-client +[\\d,]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ [um]?s "
                            + "+[\\d,]+ +[\\d.,]+ +0 *$")
                    .contains("  yardstick churn: n/a, the C yardstick speaks echo only");
        } else {
            assertThat(run.out()).contains("  yardstick ping-pong: n/a, " + Yardstick.unavailableReason().lines()
                    .findFirst().orElseThrow());
        }
        assertThat(run.out().indexOf("thread-per-client ")).as("in the order asked, after the yardstick")
                .isGreaterThan(run.out().indexOf("yardstick "))
                .isLessThan(run.out().indexOf("iterative "));
        assertThat(run.err()).contains("[2/3] thread-per-client: ping-pong ", "[3/3] iterative: ping-pong cannot");
    }

    @Test
    void anUnknownPatternIsStatus2BeforeAnythingRuns() {
        CliRun run = CliRun.execute("compare", "--patterns", "iterative,forking");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("serverpatterns compare: unknown pattern 'forking'; known: ");
        assertThat(run.out()).isEmpty();
    }
}
