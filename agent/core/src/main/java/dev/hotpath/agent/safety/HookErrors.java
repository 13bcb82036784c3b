package dev.hotpath.agent.safety;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.export.AgentCounters;

/**
 * What happens when a hook threw inside the agent (the application never sees it): {@code agent.errors}
 * and {@code agent.errors.hook.<hook>} count it, one line a minute per hook says so, and the exporter is
 * started so the counters reach the collector even when no request could be recorded.
 */
public final class HookErrors {
    private final AgentCounters counters;
    private final Runnable startExport;

    public HookErrors(AgentCounters counters, Runnable startExport) {
        this.counters = counters;
        this.startExport = startExport;
    }

    public void failed(String hook, Throwable error) {
        counters.increment(AgentCounters.AGENT_ERRORS);
        counters.incrementHookError(hook);
        AgentLog.warnRateLimited("hook:" + hook, "hook " + hook + " failed, the application continues unaffected"
                + " (counted as agent.errors; at most one line a minute per hook): " + describe(error));
        startExport.run();
    }

    /** Class and message only: a stack trace of a StackOverflowError would be thousands of lines. */
    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getName() + (message == null ? "" : ": " + message.replaceAll("\\s+", " "));
    }
}
