package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatsTest {

    @Test
    void countsFieldsFromTheLastParenthesis() {
        // a command name with a space and a parenthesis: fields are counted from the last ')'
        String stat = "4242 (my (odd) srv) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 12 0 999 "
                + "123456 789 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStats.parseCpuTicks(stat, false)).isEqualTo(300);
        assertThat(ProcStats.parseCpuTicks(stat, true)).isEqualTo(310);
    }

    @Test
    void readsVmRss() {
        assertThat(ProcStats.parseRssBytes(List.of("Name:\tjava", "VmPeak:\t 100 kB", "VmRSS:\t   2048 kB")))
                .isEqualTo(2048 * 1024);
        assertThat(ProcStats.parseRssBytes(List.of("Name:\tzombie"))).isEqualTo(-1);
    }

    @Test
    void readsThisProcess() {
        assertThat(ProcStats.available()).as("these benchmarks need Linux's /proc").isTrue();
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.treeCpuNanos(pid)).isPositive();
        assertThat(ProcStats.treeRssBytes(pid)).isPositive();
        assertThat(ProcStats.selfCpuNanos()).isPositive();
    }

    /**
     * A process design's children may themselves start and reap helpers (a child JVM writing its
     * AOT cache at exit does): what a live child has reaped is charged to the tree too.
     */
    @Test
    void chargesTheTreeForWhatALiveChildHasReaped() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c",
                "(i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done); exec sleep 30").start();
        try {
            long pid = shell.pid();
            await().atMost(Duration.ofSeconds(60)).until(() -> ProcStats.cpuTicks(pid, true)
                    - ProcStats.cpuTicks(pid, false) >= 5); // the subshell ended and was reaped into its cutime
            long self = ProcessHandle.current().pid();
            long lowerBound = (ProcStats.cpuTicks(self, true) + ProcStats.cpuTicks(pid, true)) * ProcStats.NANOS_PER_TICK;
            assertThat(ProcStats.treeCpuNanos(self)).isGreaterThanOrEqualTo(lowerBound);
        } finally {
            shell.destroyForcibly().waitFor();
        }
    }
}
