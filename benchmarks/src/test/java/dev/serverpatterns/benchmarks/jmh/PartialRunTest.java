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
        return "{\"benchmark\": \"b.PingPong.roundTrip\", \"params\": {\"pattern\": \"" + pattern + "\"}, "
                + "\"primaryMetric\": {\"score\": " + score + "}}";
    }

    @Test
    void theRowsOfThePatternsMeasuredNowReplaceTheirEarlierRowsAndNoOthers() throws Exception {
        Path earlier = Files.writeString(dir.resolve("jmh-result.json"),
                "[" + row("iterative", 1) + ", " + row("poll", 2) + ", " + row("yardstick", 3) + "]");
        Path now = Files.writeString(dir.resolve("partial.json"), "[" + row("poll", 20) + ", " + row("yardstick", 30) + "]");

        new PartialRun(List.of("poll", "yardstick")).mergeResults(earlier, now);

        List<?> rows = (List<?>) Json.parse(Files.readString(earlier));
        assertThat(rows).extracting(r -> ((Map<?, ?>) ((Map<?, ?>) r).get("params")).get("pattern") + "="
                        + ((Map<?, ?>) ((Map<?, ?>) r).get("primaryMetric")).get("score"))
                .containsExactly("iterative=1.0", "poll=20.0", "yardstick=30.0");
        assertThat(now).doesNotExist();
    }

    @Test
    void notesAndTheUnpTableMergeByPatternToo() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.jsonl"),
                "{\"params\": {\"pattern\": \"poll\"}, \"verdict\": \"failed\"}\n"
                        + "{\"params\": {\"pattern\": \"select\"}, \"verdict\": \"cannot\"}\n");
        Path newNotes = Files.writeString(dir.resolve("new.jsonl"), "");
        new PartialRun(List.of("poll")).mergeNotes(notes, newNotes);
        assertThat(Files.readAllLines(notes)).hasSize(1).allMatch(line -> line.contains("select"));

        Path stevens = Files.writeString(dir.resolve("stevens.json"),
                "{\"repeats\": 3, \"patterns\": [{\"pattern\": \"iterative\", \"medianCpuSeconds\": 1.0}, "
                        + "{\"pattern\": \"poll\", \"medianCpuSeconds\": 9.0}]}");
        Path newStevens = Files.writeString(dir.resolve("s2.json"),
                "{\"repeats\": 3, \"patterns\": [{\"pattern\": \"poll\", \"medianCpuSeconds\": 0.5}]}");
        new PartialRun(List.of("poll")).mergeStevens(stevens, newStevens);
        assertThat(Files.readString(stevens)).contains("\"iterative\"", "0.5").doesNotContain("9.0");
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
