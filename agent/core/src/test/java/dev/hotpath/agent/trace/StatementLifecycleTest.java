package dev.hotpath.agent.trace;

import dev.hotpath.agent.export.AgentCounters;
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
    private final RecorderUnderTest underTest = new RecorderUnderTest("collector=http://127.0.0.1:9,sample.rate=0");
    private final AgentCounters counters = underTest.counters;
    private final RequestRecorder recorder = underTest.recorder;

    @AfterEach
    void stop() {
        underTest.close();
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
