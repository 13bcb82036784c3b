package dev.hotpath.agent.deep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used by the profiler's own threads, from {@code /proc/self/task/<tid>}: async-profiler's native timer and
 * sampler threads and its recording thread (all named {@code Async-profiler ...}, 15 chars visible in
 * {@code comm}) plus deep mode's controller thread ({@code hotpath-deep}). {@code schedstat} gives nanoseconds;
 * without it, {@code stat} utime+stime in clock ticks (assumed 100 Hz).
 *
 * <p>What this cannot see: the work async-profiler does inside signal handlers and JVMTI callbacks on the
 * application's own threads (taking a stack for a wall/alloc/lock sample). ThreadMXBean cannot see native
 * threads at all, and process CPU against the previous window mostly measures the application's load
 * changes; so the budget is enforced on what is attributable, and the benchmark reports the full cost.
 */
final class ProfilerCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProfilerCpu() {
    }

    static boolean available() {
        return Files.isDirectory(TASKS);
    }

    static boolean isProfilerThread(String comm) {
        return comm.startsWith("Async-profiler") || comm.startsWith("hotpath-deep");
    }

    /** Total CPU nanoseconds of the profiler's threads alive now; -1 when /proc is not readable. */
    static long nanos() {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII).strip();
                    if (isProfilerThread(comm)) {
                        total += taskNanos(task);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return total;
    }

    private static long taskNanos(Path task) throws IOException {
        Path schedstat = task.resolve("schedstat");
        if (Files.isReadable(schedstat)) {
            String s = Files.readString(schedstat, StandardCharsets.US_ASCII).strip();
            int sp = s.indexOf(' ');
            return Long.parseLong(sp < 0 ? s : s.substring(0, sp));
        }
        return statNanos(Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII));
    }

    /** utime + stime (fields 14 and 15) after the parenthesised comm, which may contain spaces. */
    static long statNanos(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    }
}
