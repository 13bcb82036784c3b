package dev.hotpath.agent.trace;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A prepared statement's SQL is remembered from prepare to close: executions in between are named by it, a closed
 * statement is forgotten at once (not when the GC clears its weak key), and one a pool hands out again after
 * close is prepared again and named again.
 */
class StatementLifecycleTest {
    private final AgentCounters counters = new AgentCounters();
    private final Aggregates aggregates = new Aggregates(100, 100, counters);
    private final PoolSampler sampler = new PoolSampler(10, counters);
    private final AgentConfig config = new ConfigResolver("collector=http://127.0.0.1:9,sample.rate=0", k -> null, k -> null).resolve();
    private final TraceExporter exporter = new TraceExporter(config, aggregates, counters, "test", sampler);
    private final RequestRecorder recorder = new RequestRecorder(config, aggregates, exporter, counters,
            new ConnectionPools(sampler), new ThreadPools(sampler));

    @AfterEach
    void stop() {
        exporter.shutdown(0);
    }

    @Test
    void aStatementIsNamedFromPrepareToCloseAndForgottenAtClose() {
        Object connection = new Object();
        Object statement = new Object();
        recorder.statementPrepared(connection, statement, "select v from t where id = ?");
        for (int i = 0; i < 2; i++) {
            LocalSpan span = (LocalSpan) recorder.statementEnter(statement, null, false);
            assertNotNull(span);
            assertEquals("select v from t where id = ?", span.sql.text());
            recorder.statementExit(span, null);
        }
        recorder.statementClosed(statement);
        assertNull(recorder.statementEnter(statement, null, false), "closed: nothing remembered");
        assertEquals(1, counters.get(AgentCounters.STATEMENTS_UNTRACKED));

        recorder.statementPrepared(connection, statement, "select w from t where id = ?"); // a pool's cached statement, reused
        LocalSpan again = (LocalSpan) recorder.statementEnter(statement, null, false);
        assertEquals("select w from t where id = ?", again.sql.text());
        recorder.statementExit(again, null);
    }

    @Test
    void closingAStatementTheAgentNeverSawIsHarmless() {
        recorder.statementClosed(new Object());
        assertEquals(0, counters.get(AgentCounters.AGENT_ERRORS));
    }
}
