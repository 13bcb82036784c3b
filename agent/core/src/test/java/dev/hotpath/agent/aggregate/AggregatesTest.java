package dev.hotpath.agent.aggregate;

import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.sql.SqlSanitizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class AggregatesTest {

    @Test
    void oneEntryPerMethodAndRoute() {
        Aggregates a = new Aggregates(10, 10, new AgentCounters());
        assertSame(a.route("GET", "/x"), a.route("GET", "/x"));
        a.route("POST", "/x");
        assertEquals(2, a.routes().size());
    }

    @Test
    void routesBeyondTheLimitFoldIntoOneCountedEntry() {
        AgentCounters counters = new AgentCounters();
        Aggregates a = new Aggregates(3, 10, counters);
        for (int i = 0; i < 10; i++) {
            a.route("GET", "/r" + i).latency().record(1_000_000, false);
        }
        assertEquals(4, a.routes().size(), "three routes and the overflow entry");
        assertEquals(7, counters.get(AgentCounters.ROUTES_OVERFLOW));
        long overflowCount = a.routes().stream().filter(r -> r.route().equals(Aggregates.OVERFLOW))
                .mapToLong(r -> r.latency().drain(0).count()).sum();
        assertEquals(7, overflowCount, "nothing is lost: overflowed requests are still counted");
    }

    @Test
    void queryIntervalsAreDeltas() {
        Aggregates a = new Aggregates(10, 10, new AgentCounters());
        a.recordQuery(SqlSanitizer.sanitize("select * from t where id = 1"), "h2", 2_000_000, false);
        a.recordQuery(SqlSanitizer.sanitize("select * from t where id = 2"), "h2", 4_000_000, true);
        Aggregates.QueryStats q = a.queries().iterator().next();
        LatencyStats.Interval first = q.latency().drain(0);
        assertEquals(2, first.count());
        assertEquals(6_000_000, first.totalNanos());
        assertEquals(1, first.errors());
        q.latency().recycle(first);
        assertEquals(0, q.latency().drain(1).count());
    }
}
