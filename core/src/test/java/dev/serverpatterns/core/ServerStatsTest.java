package dev.serverpatterns.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerStatsTest {

    @Test
    void jsonRoundTripsExactly() {
        var stats = new ServerStats(1500, 2, 3, 7500, 6_144_000_000L, List.of(147L, 1L, 0L), 4);
        assertThat(stats.toJson()).isEqualTo("{\"accepted\":1500,\"refused\":2,\"active\":3,\"bytesIn\":7500,"
                + "\"bytesOut\":6144000000,\"servedPerWorker\":[147,1,0],\"workersReplaced\":4}");
        assertThat(ServerStats.fromJson(stats.toJson())).isEqualTo(stats);
        var none = new ServerStats(0, 0, 0, 0, 0, List.of());
        assertThat(ServerStats.fromJson(none.toJson())).isEqualTo(none);
    }

    @Test
    void aLineWithoutWorkersReplacedReadsAsNone() {
        assertThat(ServerStats.fromJson("{\"accepted\":1,\"refused\":0,\"active\":0,\"bytesIn\":5,\"bytesOut\":5,"
                + "\"servedPerWorker\":[1]}").workersReplaced()).isZero();
    }

    @Test
    void anyFieldOrderAndWhiteSpaceIsRead() {
        assertThat(ServerStats.fromJson(" { \"servedPerWorker\" : [ 1 , 2 ], \"bytesOut\": 5, \"bytesIn\": 4,"
                + " \"active\": 3, \"refused\": 2, \"accepted\": 1 } "))
                .isEqualTo(new ServerStats(1, 2, 3, 4, 5, List.of(1L, 2L)));
    }

    @Test
    void somethingElseIsRefusedSayingWhatIsMissing() {
        assertThatThrownBy(() -> ServerStats.fromJson("worker 0: 1 connection"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ServerStats.fromJson("{\"accepted\":1,\"servedPerWorker\":[]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no refused");
    }
}
