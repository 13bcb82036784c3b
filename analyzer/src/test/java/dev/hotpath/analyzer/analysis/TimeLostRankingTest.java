package dev.hotpath.analyzer.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hotpath.analyzer.Fixtures;
import dev.hotpath.analyzer.run.EndpointStats;
import dev.hotpath.analyzer.run.RunDirectory;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeLostRankingTest {

    @Test
    void ranksByLatencyTimesFrequencyNotByLatency() {
        List<EndpointTimeLost> r = TimeLostRanking.rank(List.of(
                ep("GET /slow-rare", 10, 500),      // 5,000 ms
                ep("GET /fast-hot", 10_000, 2),     // 20,000 ms
                ep("POST /medium", 1_000, 10)));    // 10,000 ms
        assertEquals(List.of("GET /fast-hot", "POST /medium", "GET /slow-rare"), r.stream().map(x -> x.endpoint().name()).toList());
        assertEquals(20_000, r.get(0).totalMs(), 1e-9);
        assertEquals(20_000.0 / 35_000, r.get(0).share(), 1e-9);
        assertFalse(r.get(0).estimated());
    }

    @Test
    void estimatesFromCountTimesP50WhenTotalIsMissing() {
        EndpointStats noTotal = new EndpointStats("svc", "GET", "/x", 100, 1, 0, 3, 9, 12, 0, "traces", null);
        List<EndpointTimeLost> r = TimeLostRanking.rank(List.of(noTotal, ep("GET /y", 10, 10)));
        assertEquals("GET /x", r.get(0).endpoint().name());
        assertEquals(300, r.get(0).totalMs(), 1e-9);
        assertTrue(r.get(0).estimated());
    }

    @Test
    void demoRunTopThree() throws Exception {
        List<EndpointTimeLost> r = TimeLostRanking.rank(RunDirectory.read(Fixtures.demoRun()).endpoints());
        assertEquals(List.of("GET /customers/{id}/orders", "GET /customers/{id}/orders-fixed", "POST /orders"),
                r.subList(0, 3).stream().map(x -> x.endpoint().name()).toList());
        assertEquals(2916.682, r.get(0).totalMs(), 1e-9);
    }

    private static EndpointStats ep(String name, long count, double meanMs) {
        String[] p = name.split(" ");
        return new EndpointStats("svc", p[0], p[1], count, 1, 0, meanMs, meanMs * 2, meanMs * 3, count * meanMs, "agent-stats", null);
    }
}
