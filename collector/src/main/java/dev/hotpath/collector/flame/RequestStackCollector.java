package dev.hotpath.collector.flame;

import one.jfr.ClassRef;
import one.jfr.JfrReader;
import one.jfr.MethodRef;
import one.jfr.StackTrace;
import one.jfr.event.ExecutionSample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collapsed stacks of the execution and wall-clock samples ({@code jdk.ExecutionSample} from the JDK's JFR,
 * async-profiler's wall samples from deep mode) taken on the threads and inside the time windows of given
 * requests. Reads with async-profiler's {@code JfrReader} (jfr-converter), which handles both producers.
 */
public final class RequestStackCollector {
    private RequestStackCollector() {
    }

    public static CollapsedStacks collect(List<Path> jfrFiles, List<RequestWindow> windows) {
        CollapsedStacks out = new CollapsedStacks();
        collect(jfrFiles, windows, out);
        return out;
    }

    /** Adds to {@code out}: thread ids are per JVM, so each JVM's files go in with that JVM's windows. */
    public static void collect(List<Path> jfrFiles, List<RequestWindow> windows, CollapsedStacks out) {
        Map<Long, List<RequestWindow>> byThread = new HashMap<>();
        for (RequestWindow w : windows) {
            byThread.computeIfAbsent(w.javaThreadId(), k -> new ArrayList<>()).add(w);
        }
        byThread.values().forEach(l -> l.sort(Comparator.comparingLong(RequestWindow::startEpochNanos)));
        for (Path file : jfrFiles) {
            try (JfrReader reader = new JfrReader(file.toString())) {
                read(reader, byThread, out);
            } catch (IOException | RuntimeException e) {
                out.unreadableFile(); // a truncated or foreign file costs its samples, not the graph
            }
        }
    }

    private static void read(JfrReader reader, Map<Long, List<RequestWindow>> byThread, CollapsedStacks out) throws IOException {
        Map<Integer, String> stackNames = new HashMap<>();
        long chunkStart = reader.chunkStartNanos;
        ExecutionSample e;
        while ((e = reader.readEvent(ExecutionSample.class)) != null) {
            if (reader.chunkStartNanos != chunkStart) {
                stackNames.clear(); // ids are per chunk
                chunkStart = reader.chunkStartNanos;
            }
            long epochNanos = reader.chunkStartNanos
                    + (long) ((e.time - reader.chunkStartTicks) * (1e9 / reader.ticksPerSec));
            Long javaThread = reader.javaThreads.get(e.tid);
            long count = Math.max(1, e.samples());
            if (javaThread == null || !inWindow(byThread.get(javaThread), epochNanos)) {
                out.outsideWindow(count);
                continue;
            }
            String stack = stackNames.computeIfAbsent(e.stackTraceId, id -> collapse(reader, reader.stackTraces.get(id)));
            if (stack != null) {
                out.add(stack, count);
            }
        }
    }

    private static boolean inWindow(List<RequestWindow> windows, long epochNanos) {
        if (windows == null) {
            return false;
        }
        for (RequestWindow w : windows) {
            if (w.startEpochNanos() > epochNanos) {
                return false;
            }
            if (epochNanos <= w.endEpochNanos()) {
                return true;
            }
        }
        return false;
    }

    /** root;...;leaf with {@code pkg.Class.method} frames; the JFR stack lists the leaf first. */
    private static String collapse(JfrReader reader, StackTrace trace) {
        if (trace == null || trace.methods.length == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = trace.methods.length - 1; i >= 0; i--) {
            sb.append(sb.length() == 0 ? "" : ";").append(frameName(reader, trace.methods[i]));
        }
        return sb.toString();
    }

    private static String frameName(JfrReader reader, long methodId) {
        MethodRef method = reader.methods.get(methodId);
        if (method == null) {
            return "[unknown]";
        }
        ClassRef cls = reader.classes.get(method.cls);
        String name = symbol(reader, method.name);
        if (cls == null) {
            return name; // native frames have no class
        }
        String className = symbol(reader, cls.name).replace('/', '.');
        return className.isEmpty() ? name : className + "." + name;
    }

    private static String symbol(JfrReader reader, long id) {
        byte[] bytes = reader.symbols.get(id);
        return bytes == null ? "[unknown]" : new String(bytes, StandardCharsets.UTF_8).replace(';', ':');
    }
}
