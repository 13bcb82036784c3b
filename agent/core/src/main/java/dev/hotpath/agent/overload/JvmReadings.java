package dev.hotpath.agent.overload;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads process CPU and heap-after-GC from the platform MXBeans. CPU is the process's CPU time over
 * the interval since the previous reading, less the time the JIT compiler spent compiling in it, divided
 * by the wall time and by the CPUs the JVM may use ({@code availableProcessors}: the container's quota or
 * {@code -XX:ActiveProcessorCount}). The JIT's time is left out because after a start, or a new code path,
 * it can keep the CPUs busy for tens of seconds on its own: a warm-up, not the load the breaker protects the
 * application from (an application at its limit runs compiled code). The JVM gives the JIT's time as the
 * elapsed time of its compilations, at least their CPU time: while the JIT works, the reading errs low. Heap after GC
 * is what the heap pools held right after their last collection ({@code MemoryPoolMXBean.getCollectionUsage})
 * over the maximum heap. Created on the breaker's thread, never in premain (the MXBeans are slow to start).
 */
final class JvmReadings implements Supplier<ResourceReading> {
    private final com.sun.management.OperatingSystemMXBean os;
    private final List<MemoryPoolMXBean> heapPools = new ArrayList<>();
    private final long maxHeap = Runtime.getRuntime().maxMemory();
    private final CompilationMXBean jit;
    private long lastCpuNanos = -1;
    private long lastJitNanos;
    private long lastWallNanos;

    JvmReadings() {
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        os = bean instanceof com.sun.management.OperatingSystemMXBean sun ? sun : null;
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        jit = compiler != null && compiler.isCompilationTimeMonitoringSupported() ? compiler : null;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()) {
                heapPools.add(pool);
            }
        }
    }

    @Override
    public ResourceReading get() {
        return new ResourceReading(cpu(), heapAfterGc());
    }

    private double cpu() {
        long cpu = os == null ? -1 : os.getProcessCpuTime();
        long compiling = jit == null ? 0 : jit.getTotalCompilationTime() * 1_000_000L;
        long wall = System.nanoTime();
        if (cpu < 0) {
            return ResourceReading.UNKNOWN;
        }
        long prevCpu = lastCpuNanos;
        long prevJit = lastJitNanos;
        long prevWall = lastWallNanos;
        lastCpuNanos = cpu;
        lastJitNanos = compiling;
        lastWallNanos = wall;
        if (prevCpu < 0 || wall - prevWall <= 0) {
            return ResourceReading.UNKNOWN; // the first reading has no interval yet
        }
        long used = (cpu - prevCpu) - (compiling - prevJit);
        double share = (double) used / ((double) (wall - prevWall) * Runtime.getRuntime().availableProcessors());
        return Math.max(0, Math.min(1, share));
    }

    private double heapAfterGc() {
        if (heapPools.isEmpty() || maxHeap <= 0 || maxHeap == Long.MAX_VALUE) {
            return ResourceReading.UNKNOWN;
        }
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage u = pool.getCollectionUsage();
            if (u != null) {
                used += u.getUsed();
            }
        }
        return Math.min(1, (double) used / maxHeap);
    }
}
