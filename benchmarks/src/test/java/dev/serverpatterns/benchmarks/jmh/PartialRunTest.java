package dev.serverpatterns.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverpatterns.benchmarks.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialRunTest {

    @TempDir
    Path dir;

    private static String row(String pattern, double score) {
        return row("b.PingPong.roundTrip", pattern, score);
    }

    private static String row(String benchmark, String pattern, double score) {
        return "{\"benchmark\": \"" + benchmark + "\", \"params\": {\"pattern\": \"" + pattern + "\"}, "
                + "\"primaryMetric\": {\"score\": " + score + "}}";
    }

    @Test
    void theRowsOfThePatternsAndScenariosMeasuredNowReplaceTheirEarlierRowsAndNoOthers() throws Exception {
        Path earlier = Files.writeString(dir.resolve("jmh-result.json"), "[" + row("iterative", 1) + ", "
                + row("poll", 2) + ", " + row("yardstick", 3) + ", " + row("b.Churn.connection", "poll", 4) + "]");
        Path notes = Files.writeString(dir.resolve("notes.jsonl"),
                "{\"benchmark\": \"b.Idle.roundTrip\", \"params\": {\"pattern\": \"poll\"}, \"verdict\": \"failed\"}\n"
                        + "{\"benchmark\": \"b.Idle.roundTrip\", \"params\": {\"pattern\": \"select\"}, \"verdict\": \"cannot\"}\n");
        Path now = Files.writeString(dir.resolve("partial.json"), "[" + row("poll", 20) + ", " + row("yardstick", 30)
                + ", " + row("b.Idle.roundTrip", "poll", 50) + "]");
        Path newNotes = Files.writeString(dir.resolve("new.jsonl"), "");

        new PartialRun(List.of("poll", "yardstick")).merge(earlier, now, notes, newNotes);

        List<?> rows = (List<?>) Json.parse(Files.readString(earlier));
        assertThat(rows).extracting(r -> ((Map<?, ?>) r).get("benchmark") + ":"
                        + ((Map<?, ?>) ((Map<?, ?>) r).get("params")).get("pattern") + "="
                        + ((Map<?, ?>) ((Map<?, ?>) r).get("primaryMetric")).get("score"))
                .containsExactly("b.PingPong.roundTrip:iterative=1.0", "b.Churn.connection:poll=4.0",
                        "b.PingPong.roundTrip:poll=20.0", "b.PingPong.roundTrip:yardstick=30.0",
                        "b.Idle.roundTrip:poll=50.0");
        assertThat(Files.readAllLines(notes)).as("poll's failure note is gone: it has a figure now")
                .hasSize(1).allMatch(line -> line.contains("select"));
        assertThat(now).doesNotExist();
        assertThat(newNotes).doesNotExist();
    }

    @Test
    void theUnpTableMergesByPattern() throws Exception {
        Path stevens = Files.writeString(dir.resolve("stevens.json"),
                "{\"repeats\": 3, \"patterns\": [{\"pattern\": \"iterative\", \"medianCpuSeconds\": 1.0}, "
                        + "{\"pattern\": \"poll\", \"medianCpuSeconds\": 9.0}]}");
        Path newStevens = Files.writeString(dir.resolve("s2.json"),
                "{\"repeats\": 3, \"patterns\": [{\"pattern\": \"poll\", \"medianCpuSeconds\": 0.5}]}");
        new PartialRun(List.of("poll")).mergeRows(stevens, newStevens);
        assertThat(Files.readString(stevens)).contains("\"iterative\"", "0.5").doesNotContain("9.0");
    }

    @Test
    void theHttpTableMergesEveryRowOfAMeasuredServerAndRefusesRowsOfAnotherProfile() throws Exception {
        Path wrk = Files.writeString(dir.resolve("wrk.json"), "{\"measuredSeconds\": 5, \"patterns\": ["
                + "{\"pattern\": \"select\", \"connections\": 16, \"requestsPerSecond\": 1.0}, "
                + "{\"pattern\": \"select\", \"connections\": 256, \"requestsPerSecond\": 2.0}, "
                + "{\"pattern\": \"poll\", \"connections\": 16, \"requestsPerSecond\": 3.0}]}");
        Path fresh = Files.writeString(dir.resolve("w2.json"), "{\"measuredSeconds\": 5, \"patterns\": ["
                + "{\"pattern\": \"select\", \"connections\": 16, \"requestsPerSecond\": 10.0}]}");
        new PartialRun(List.of("select")).mergeRows(wrk, fresh);
        assertThat(Files.readString(wrk)).contains("10.0", "3.0").doesNotContain("1.0,", "2.0");

        Path quick = Files.writeString(dir.resolve("w3.json"), "{\"measuredSeconds\": 2, \"patterns\": []}");
        String before = Files.readString(wrk);
        assertThatThrownBy(() -> new PartialRun(List.of("select")).mergeRows(wrk, quick))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("measuredSeconds = 5");
        assertThat(Files.readString(wrk)).as("the earlier rows are kept").isEqualTo(before);
    }

    @Test
    void aPartialRunListsItselfInTheMachineDescriptionAndRefusesAnotherProfile() {
        var merge = new PartialRun(List.of("poll", "yardstick"));
        Map<String, Object> earlier = new java.util.LinkedHashMap<>(Map.of("date", "d1", "profile", "full"));
        Map<String, Object> machine = merge.machine(earlier,
                Map.of("date", "d2", "profile", "full", "yardstick", "compiled"), List.of("poll"));
        assertThat(machine).containsEntry("date", "d1");
        assertThat(Json.write(machine.get(PartialRun.UPDATES))).contains("d2", "poll");

        assertThatThrownBy(() -> merge.machine(earlier, Map.of("date", "d2", "profile", "quick"), List.of("poll")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile");
    }
}
