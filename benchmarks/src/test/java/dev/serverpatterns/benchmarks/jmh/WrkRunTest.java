package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverpatterns.benchmarks.report.Json;
import dev.serverpatterns.testkit.SystemTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP run, quick and small: a pattern that cannot serve 16 connections, one that can, and nginx's two rows. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WrkRunTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void everyServerGetsARowMeasuredByWrkOrAVerdictWithItsReason() throws Exception {
        for (String missing : new String[] {Wrk.unavailableReason(), Nginx.unavailableReason()}) {
            if (missing != null) {
                SystemTools.missing(missing);
            }
        }
        Path out = dir.resolve("wrk.json");

        WrkRun.run(out, true, List.of("iterative", "select"), List.of(16));

        Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(out));
        assertThat(doc).containsEntry("measuredSeconds", 2.0).containsKeys("wrk", "nginx", "client");
        List<Map<String, Object>> rows = (List<Map<String, Object>>) doc.get("patterns");
        assertThat(rows).extracting(r -> r.get("pattern"))
                .containsExactly("iterative", "select", Nginx.ONE_WORKER, Nginx.AUTO_WORKERS);
        assertThat(rows.get(0)).containsEntry("verdict", "cannot").doesNotContainKey("requestsPerSecond");
        assertThat((String) rows.get(0).get("reason")).contains("one client at a time");
        for (Map<String, Object> row : rows.subList(1, 4)) {
            assertThat(row).as(row.toString()).doesNotContainKey("verdict").containsEntry("connections", 16.0);
            assertThat((Double) row.get("requestsPerSecond")).as(row.toString()).isPositive();
            assertThat((Double) row.get("serverCpuUsPerRequest")).as(row.toString()).isPositive();
            assertThat((Map<String, Object>) row.get("errors")).as(row.toString())
                    .allSatisfy((kind, count) -> assertThat((Double) count).as(kind).isZero());
            assertThat((Map<String, Object>) row.get("latencyUs")).containsKeys("50", "90", "99");
        }
        assertThat(rows.get(2)).containsEntry("workers", 1.0);
        assertThat(rows.get(3)).containsEntry("workers", (double) Runtime.getRuntime().availableProcessors());
    }
}
