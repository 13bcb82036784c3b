package dev.hotpath.agent.deep;

/** The profiler as deep mode drives it: async-profiler's text command API. */
interface NativeProfiler {
    /** Runs one command ({@code start,...}, {@code stop}, {@code status}); throws on a refused command. */
    String execute(String command) throws Exception;
}
