package dev.hotpath.collector.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the benchmark thread and the spans it handled, as JMH secondary results: on a machine other
 * processes share, wall-clock throughput depends on how much CPU they leave us, spans per CPU-second does not
 * (GC and JIT threads are not in it; allocation shows separately in {@code -prof gc}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public long cpuNanos;
    /** What the operations handled: spans (ingest) or bytes (JFR parse). */
    public long work;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        work = 0;
    }

    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
