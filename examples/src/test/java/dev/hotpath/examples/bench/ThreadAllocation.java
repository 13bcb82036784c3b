package dev.hotpath.examples.bench;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Bytes allocated per call by the benchmark thread alone (JMH's {@code -prof gc} divides every thread's allocation,
 * the agent's exporter and JFR threads included, by the calls, which on a busy machine hides the per-call figure).
 * Exact, not sampled, and independent of how fast the machine is: run without and with {@code -javaagent} by
 * examples/bench/call-overhead.sh.
 *
 * <pre>java -cp ... dev.hotpath.examples.bench.ThreadAllocation [warm-up calls] [measured calls]</pre>
 */
public final class ThreadAllocation {
    private ThreadAllocation() {
    }

    interface Call {
        int run() throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        JdbcCallBenchmark jdbc = new JdbcCallBenchmark();
        jdbc.open();
        try {
            report("JdbcCallBenchmark.executeQuery", jdbc::executeQuery, warmup, calls);
            report("JdbcCallBenchmark.prepareExecuteClose", jdbc::prepareExecuteClose, warmup, calls);
            report("JdbcCallBenchmark.requestWithOneQuery", jdbc::requestWithOneQuery, warmup, calls);
            report("JdbcCallBenchmark.requestWithTwentyQueries", jdbc::requestWithTwentyQueries, warmup / 20, calls / 20);
        } finally {
            jdbc.close();
        }
    }

    private static void report(String name, Call call, int warmup, int calls) throws SQLException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += call.run();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            sink += call.run();
        }
        long bytes = threads.getThreadAllocatedBytes(id) - before;
        System.out.printf(Locale.ROOT, "%s\t%.0f\t(sink %d)%n", name, (double) bytes / calls, sink & 1);
    }
}
