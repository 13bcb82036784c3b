package dev.hotpath.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigResolver;
import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.agent.export.TraceExporter;
import dev.hotpath.agent.pools.ConnectionPools;
import dev.hotpath.agent.pools.PoolSampler;
import dev.hotpath.agent.pools.ThreadPools;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Repeated statement shapes in one request: counted every time, but the code pointer (a stack walk) is taken only
 * when a shape reaches the repeat threshold, so an ordinary DB-heavy request that runs shapes twice pays no walk.
 */
class StatementRepeatsTest {
    private final AgentCounters counters = new AgentCounters();
    private final Aggregates aggregates = new Aggregates(100, 100, counters);
    private final PoolSampler sampler = new PoolSampler(10, counters);
    private final AgentConfig config = new ConfigResolver("collector=http://127.0.0.1:9,sample.rate=0,repeat.threshold=4",
            k -> null, k -> null).resolve();
    private final TraceExporter exporter = new TraceExporter(config, aggregates, counters, "test", sampler);
    private final RequestRecorder recorder = new RequestRecorder(config, aggregates, exporter, counters,
            new ConnectionPools(sampler), new ThreadPools(sampler));

    @AfterEach
    void stop() {
        exporter.shutdown(0);
    }

    @Test
    void theCodePointerIsTakenWhenAShapeReachesTheRepeatThreshold() {
        LocalTrace trace = (LocalTrace) recorder.serverEnter("GET", "/accounts/7", null, null);
        for (int i = 0; i < 3; i++) {
            statement("select name from account where id = " + i);
        }
        statement("select tier from customer where id = 1");
        LocalTrace.Repeats account = repeats(trace, "select name from account where id = 1");
        assertEquals(3, account.count);
        assertNull(account.codePointer, "below the threshold: no stack walk");
        assertEquals(3, trace.maxRepeats);

        statement("select name from account where id = 3");
        assertEquals(4, account.count);
        assertNotNull(account.codePointer, "at the threshold, the first application frame is kept");
        assertEquals(4, trace.maxRepeats);
        CodePointer first = account.codePointer;
        statement("select name from account where id = 4");
        assertEquals(5, account.count);
        assertEquals(first, account.codePointer, "taken once per shape per request");
        assertNull(repeats(trace, "select tier from customer where id = 2").codePointer);
        recorder.serverExit(trace, 200, "/accounts/{id}", null);
    }

    private void statement(String sql) {
        recorder.statementExit(recorder.statementEnter(new Object(), sql, false), null);
    }

    private LocalTrace.Repeats repeats(LocalTrace trace, String sql) {
        LocalSpan probe = (LocalSpan) recorder.statementEnter(new Object(), sql, false);
        return trace.repeatsByFingerprint.get(probe.sql.fingerprint());
    }
}
