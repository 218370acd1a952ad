package dev.serverpatterns.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesWhatJmhWrites() {
        Object parsed = Json.parse("""
                [{"score": 1.5e3, "scoreError": "NaN", "raw": [[1, -2.5]], "ok": true, "none": null,
                  "text": "a \\"quoted\\" \\u00b5s\\n"}]""");
        Map<?, ?> m = (Map<?, ?>) ((List<?>) parsed).get(0);
        assertThat(m.get("score")).isEqualTo(1500.0);
        assertThat(m.get("scoreError")).isEqualTo("NaN");
        assertThat(m.get("raw")).isEqualTo(List.of(List.of(1.0, -2.5)));
        assertThat(m.get("ok")).isEqualTo(true);
        assertThat(m.containsKey("none")).isTrue();
        assertThat(m.get("text")).isEqualTo("a \"quoted\" µs\n");
        assertThat(Json.parse("NaN")).isEqualTo(Double.NaN);
    }

    @Test
    void writesWhatItReads() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a|b \"c\"\n");
        m.put("values", List.of(1, 2.5, Double.NaN));
        m.put("nested", Map.of("k", true));
        String text = Json.write(m);
        assertThat(text).isEqualTo("{\"name\": \"a|b \\\"c\\\"\\n\", \"values\": [1, 2.5, null], "
                + "\"nested\": {\"k\": true}}");
        assertThat(Json.parse(text)).isEqualTo(Map.of("name", "a|b \"c\"\n",
                "values", java.util.Arrays.asList(1.0, 2.5, null),
                "nested", Map.of("k", true)));
    }

    @Test
    void rejectsBrokenJson() {
        assertThatThrownBy(() -> Json.parse("{\"a\": 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1] x")).isInstanceOf(IllegalArgumentException.class);
    }
}
