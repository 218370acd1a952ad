package dev.serverpatterns.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRunTest {

    @SuppressWarnings("unchecked")
    private static final Map<String, Object> WRK = (Map<String, Object>) Json.parse("""
            {"client": "wrk", "wrk": "wrk 4.1.0", "nginx": "nginx version: nginx/1.22.1", "warmUpSeconds": 3,
             "measuredSeconds": 5, "patterns": [
              {"pattern": "iterative", "connections": 16, "verdict": "cannot", "reason": "serves one client at a time"},
              {"pattern": "select", "connections": 16, "requestsPerSecond": 120000, "serverCpuUsPerRequest": 7.5,
               "latencyUs": {"50": 82, "90": 152, "99": 1716}, "errors": {"connect": 0, "status": 2},
               "serverCpuShare": 0.9, "clientCpuShare": 0.95},
              {"pattern": "epoll-ffm", "connections": 16, "requestsPerSecond": 150000, "serverCpuUsPerRequest": 6.0,
               "latencyUs": {"50": 60, "90": 100, "99": 12345}, "errors": {"connect": 0},
               "serverCpuShare": 0.9, "clientCpuShare": 0.99},
              {"pattern": "nginx-1-worker", "connections": 16, "workers": 1, "requestsPerSecond": 100000,
               "serverCpuUsPerRequest": 8.0, "latencyUs": {"50": 70, "90": 110, "99": 160}, "errors": {},
               "serverCpuShare": 0.8, "clientCpuShare": 0.9},
              {"pattern": "nginx-auto-workers", "connections": 16, "verdict": "failed", "reason": "a | b"}
            ]}
            """);

    @Test
    void eachRowHasItsRatiosToNginxWithOneWorkerAndTheBestPatternIsNamed() {
        String md = new HttpRun(WRK, List.of("iterative", "select", "epoll-ffm", "poll")).render();

        assertThat(md).contains("### 16 connections")
                .contains("| **nginx-1-worker** | 100,000 | 1.00× | 8.00 | 1.00× | 0.07 / 0.11 / 0.16 ms | 80% | 90% "
                        + "| 1 worker process |")
                .contains("| epoll-ffm | 150,000 | 1.50× | 6.00 | 0.75× | 0.06 / 0.10 / 12 ms | 90% | 99% |  |")
                .contains("| select | 120,000 | 1.20× | 7.50 | 0.94× | 0.08 / 0.15 / 1.7 ms | 90% | 95% "
                        + "| errors {status=2} |")
                .contains("| iterative | cannot | | | | | | | serves one client at a time |")
                .contains("| **nginx-auto-workers** | failed | | | | | | | a \\| b |")
                .contains("| poll | | | | | | | | not measured in this run |")
                .contains("Best pattern at 16 connections: **epoll-ffm**, 150,000 requests/s = 1.50× nginx with one "
                        + "worker, at 0.75× its server CPU per request.");
        assertThat(md.indexOf("nginx-1-worker")).as("the references first").isLessThan(md.indexOf("| iterative"));
    }

    @Test
    void withoutAnHttpRunTheSectionSaysSo() {
        assertThat(new HttpRun(null, List.of("select")).render()).startsWith("Not measured in this run");
    }
}
