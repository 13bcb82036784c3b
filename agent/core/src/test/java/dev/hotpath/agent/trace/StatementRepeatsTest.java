package dev.hotpath.agent.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Repeated statement shapes in one request: counted every time, but the code pointer (a stack walk) is taken only
 * when a shape reaches the repeat threshold, so an ordinary DB-heavy request that runs shapes twice pays no walk.
 */
class StatementRepeatsTest {
    private final RecorderUnderTest underTest = new RecorderUnderTest("collector=http://127.0.0.1:9,sample.rate=0,repeat.threshold=4");
    private final RequestRecorder recorder = underTest.recorder;

    @AfterEach
    void stop() {
        underTest.close();
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
