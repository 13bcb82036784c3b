package dev.hotpath.agent.safety;

import dev.hotpath.agent.export.AgentCounters;
import dev.hotpath.bootstrap.CallDepth;
import dev.hotpath.bootstrap.HookDispatcher;
import dev.hotpath.bootstrap.HotpathHooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hook the advice calls, with the test-only fault switch making the dispatcher throw: nothing
 * reaches the caller, every failure is counted under its hook, call depths stay balanced, and the
 * calls between faults reach the real dispatcher.
 */
class HookFaultsTest {

    @AfterEach
    void uninstall() {
        HotpathHooks.install(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RuntimeException", "StackOverflowError", "NoClassDefFoundError",
        "RuntimeException+StackOverflowError+NoClassDefFoundError"})
    void everyHookSwallowsAndCountsInjectedFaults(String error) {
        AgentCounters counters = new AgentCounters();
        AtomicInteger exportStarts = new AtomicInteger();
        Recording real = new Recording(new HookErrors(counters, exportStarts::incrementAndGet));
        HookDispatcher faulty = FaultInjection.wrap(real, "*:" + error);
        HotpathHooks.install(faulty);

        for (int round = 0; round < 4; round++) { // each hook faults on its 1st, 3rd, ... call
            Object server = HotpathHooks.serverEnter("GET", "/x", null, null);
            HotpathHooks.statementPrepared(new Object(), new Object(), "select 1");
            HotpathHooks.batchAdded(new Object(), "select 1");
            HotpathHooks.statementClosed(new Object());
            HotpathHooks.statementExit(HotpathHooks.statementEnter(new Object(), "select 1", false), null);
            HotpathHooks.connectionOpened(new Object(), "jdbc:h2:mem:x");
            HotpathHooks.acquireExit(HotpathHooks.acquireEnter(new Object(), null), new Object(), null);
            Object request = new Object();
            // the client hooks' real tokens would need a recorded request: hand fixed tokens to the exits
            HotpathHooks.httpClientEnter(request);
            assertSame(request, HotpathHooks.httpClientRequest("token", request), "a failing hook leaves the request as it is");
            HotpathHooks.httpClientExit("token", null, null);
            HotpathHooks.httpClientEnter(request);
            HotpathHooks.httpClientAsyncExit("token", null, null);
            HotpathHooks.urlConnectionEnter(new Object());
            HotpathHooks.urlConnectionExit("token", new Object(), null, true);
            HotpathHooks.httpClientStart("GET", "http", "h", 80, "/", -1, null, null);
            HotpathHooks.httpClientTraceparent("token");
            HotpathHooks.httpClientEnd("token", 200, -1, null);
            HotpathHooks.httpClientStart("GET", "http", "h", 80, "/", -1, null, null);
            HotpathHooks.httpClientPending("token", new Object(), null);
            HotpathHooks.httpClientCallEnd(new Object(), 200, -1, null);
            Object task = new Object();
            HotpathHooks.taskSubmitted(task, false);
            HotpathHooks.forkJoinTaskCreated(task);
            HotpathHooks.taskStart(task);
            HotpathHooks.taskEnd("token", null);
            HotpathHooks.workerStarted(new Object());
            HotpathHooks.taskRejected(new Object());
            HotpathHooks.serverExit(server, 200, null, null);
            for (int kind : new int[] {CallDepth.SERVER, CallDepth.JDBC, CallDepth.ACQUIRE, CallDepth.HTTP_CLIENT}) {
                assertEquals(0, CallDepth.current(kind), "call depth balanced after faults, kind " + kind);
            }
        }

        List<String> hooks = new ArrayList<>();
        for (var m : HookDispatcher.class.getMethods()) {
            if (!m.getName().equals("hookFailed")) {
                hooks.add(m.getName());
            }
        }
        long total = 0;
        for (String hook : hooks) {
            long n = counters.hookErrors(hook);
            assertTrue(n >= 1, "fault in " + hook + " counted: " + n);
            total += n;
        }
        assertEquals(total, counters.get(AgentCounters.AGENT_ERRORS));
        assertTrue(real.calls.contains("serverExit") && real.calls.contains("statementExit"),
                "the calls between faults reach the real dispatcher: " + real.calls);
        assertTrue(exportStarts.get() > 0, "a failure starts the exporter, so the counters reach the collector");
        var drained = counters.drain();
        assertEquals(counters.hookErrors("serverEnter"), 0L, "drained");
        assertTrue(drained.get(AgentCounters.HOOK_ERRORS_PREFIX + "serverEnter") >= 1, "per-hook counter in the stats post: " + drained);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "*:Oops", "*:RuntimeException+Oops", "noSuchHook:RuntimeException", ":RuntimeException"})
    void badSpecsInjectNothing(String spec) {
        Recording real = new Recording(null);
        assertSame(real, FaultInjection.wrap(real, spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"statementEnter+statementExit:RuntimeException"})
    void onlyNamedHooksThrow(String spec) {
        Recording real = new Recording(null);
        HookDispatcher faulty = FaultInjection.wrap(real, spec);
        assertNotNull(faulty.serverEnter("GET", "/", null, null));
        try {
            faulty.statementEnter(null, null, false);
        } catch (RuntimeException expected) {
            assertEquals("statement", faulty.statementEnter(null, null, false), "second call goes through");
            return;
        }
        throw new AssertionError("first statementEnter call should throw");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serverEnter:RuntimeException+StackOverflowError+NoClassDefFoundError"})
    void severalErrorsTakeTurns(String spec) {
        HookDispatcher faulty = FaultInjection.wrap(new Recording(null), spec);
        List<String> thrown = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try {
                faulty.serverEnter("GET", "/", null, null);
            } catch (Throwable t) {
                thrown.add(t.getClass().getSimpleName());
            }
        }
        assertEquals(List.of("RuntimeException", "StackOverflowError", "NoClassDefFoundError", "RuntimeException"), thrown);
    }

    /** A dispatcher that records the hooks it ran and returns tokens. */
    private static final class Recording implements HookDispatcher {
        final List<String> calls = new ArrayList<>();
        private final HookErrors errors;

        Recording(HookErrors errors) {
            this.errors = errors;
        }

        @Override
        public void hookFailed(String hook, Throwable error) {
            errors.failed(hook, error);
        }

        @Override
        public Object serverEnter(String method, String path, String traceparent, String tracestate) {
            calls.add("serverEnter");
            return "server";
        }

        @Override
        public void serverExit(Object token, int status, String route, Throwable error) {
            calls.add("serverExit");
        }

        @Override
        public void statementPrepared(Object connection, Object statement, String sql) {
            calls.add("statementPrepared");
        }

        @Override
        public void batchAdded(Object statement, String sql) {
            calls.add("batchAdded");
        }

        @Override
        public void statementClosed(Object statement) {
            calls.add("statementClosed");
        }

        @Override
        public Object statementEnter(Object statement, String sql, boolean batch) {
            calls.add("statementEnter");
            return "statement";
        }

        @Override
        public void statementExit(Object token, Throwable error) {
            calls.add("statementExit");
        }

        @Override
        public void connectionOpened(Object connection, String url) {
            calls.add("connectionOpened");
        }

        @Override
        public Object acquireEnter(Object source, String url) {
            calls.add("acquireEnter");
            return "acquire";
        }

        @Override
        public void acquireExit(Object token, Object connection, Throwable error) {
            calls.add("acquireExit");
        }
    }
}
