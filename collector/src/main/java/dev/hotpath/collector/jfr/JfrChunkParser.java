package dev.hotpath.collector.jfr;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCMethod;
import org.openjdk.jmc.common.IMCStackTrace;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.IMCType;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.CouldNotLoadRecordingException;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

/**
 * Reads one JFR file with JDK Mission Control's parser and keeps what the detectors join with
 * requests: the agent's request events, lock waits (monitor enter; parks inside j.u.c lock
 * acquisition only, not condition waits or idle pool polls), GC pauses, execution samples and
 * virtual-thread pinning. Fields are looked up by
 * name on each event type, so recordings from JDK 17 to 25 (and events without a field) read the same.
 */
public final class JfrChunkParser {
    static final String REQUEST = "dev.hotpath.RequestSpan";
    static final String MONITOR_ENTER = "jdk.JavaMonitorEnter";
    static final String THREAD_PARK = "jdk.ThreadPark";
    static final String GC_PHASE_PAUSE = "jdk.GCPhasePause";
    static final String GARBAGE_COLLECTION = "jdk.GarbageCollection";
    static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";
    static final String VIRTUAL_THREAD_PINNED = "jdk.VirtualThreadPinned";
    private static final int MAX_FRAMES = 32;

    // JMC logs a broken chunk with its stack trace at INFO; we count and answer it instead
    private static final java.util.logging.Logger JMC_LOG = quiet();

    private JfrChunkParser() {
    }

    private static java.util.logging.Logger quiet() {
        java.util.logging.Logger l = java.util.logging.Logger.getLogger("org.openjdk.jmc.flightrecorder");
        l.setLevel(java.util.logging.Level.SEVERE);
        return l;
    }

    /** Thrown for a file JMC cannot read: the caller counts it and moves on. */
    public static final class UnreadableChunk extends Exception {
        UnreadableChunk(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static ParsedChunk parse(byte[] jfr, ChunkMeta meta) throws UnreadableChunk {
        IItemCollection items;
        try {
            items = JfrLoaderToolkit.loadEvents(new ByteArrayInputStream(jfr));
        } catch (IOException | CouldNotLoadRecordingException | RuntimeException e) {
            throw new UnreadableChunk("unreadable JFR: " + e.getMessage(), e);
        }
        List<RequestWindow> requests = new ArrayList<>();
        List<BlockedEvent> blocked = new ArrayList<>();
        List<GcPause> phasePauses = new ArrayList<>();
        List<GcPause> collections = new ArrayList<>();
        List<CpuSample> samples = new ArrayList<>();
        List<PinnedEvent> pinned = new ArrayList<>();
        Map<Object, List<Frame>> stacks = new java.util.IdentityHashMap<>(); // JMC shares a chunk's stack objects
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        long events = 0;
        long skipped = 0;
        for (IItemIterable iterable : items) {
            Fields f = new Fields(iterable.getType());
            String type = iterable.getType().getIdentifier();
            for (IItem item : iterable) {
                events++;
                try {
                    switch (type) {
                        case REQUEST -> requests.add(request(f, item, meta));
                        case MONITOR_ENTER -> addBlocked(blocked, f, item, meta, BlockedEvent.Kind.MONITOR, "monitorClass");
                        case THREAD_PARK -> addBlocked(blocked, f, item, meta, BlockedEvent.Kind.PARK, "parkedClass");
                        case GC_PHASE_PAUSE -> phasePauses.add(pause(f, item, meta));
                        case GARBAGE_COLLECTION -> collections.add(pause(f, item, meta));
                        case EXECUTION_SAMPLE -> samples.add(sample(f, item, meta, stacks));
                        case VIRTUAL_THREAD_PINNED -> pinned.add(pinned(f, item, meta));
                        default -> {
                            // not used by the detectors (yet)
                        }
                    }
                    Object t = f.get(item, "startTime");
                    if (t instanceof IQuantity q) {
                        long ns = q.clampedLongValueIn(UnitLookup.EPOCH_NS);
                        range[0] = Math.min(range[0], ns);
                        range[1] = Math.max(range[1], ns + f.duration(item));
                    }
                } catch (RuntimeException e) {
                    skipped++; // one odd event must not cost the chunk
                }
            }
        }
        if (events == 0 && !wholeChunks(jfr)) {
            throw new UnreadableChunk("unreadable JFR: no readable chunk in " + jfr.length + " bytes", null);
        }
        // jdk.GCPhasePause has each stop-the-world pause; whole collections only when it is missing
        boolean timed = range[0] <= range[1];
        return new ParsedChunk(requests, blocked, phasePauses.isEmpty() ? collections : phasePauses, samples, pinned, events,
                skipped, timed ? range[0] : 0, timed ? range[1] : 0);
    }

    /**
     * True when the bytes are a sequence of complete chunks ("FLR\0" magic, each header's size field in
     * bounds, ending exactly at the end): a recording without events (an app that exited a moment after
     * its recording started), not a truncated or garbled one.
     */
    static boolean wholeChunks(byte[] jfr) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(jfr);
        int offset = 0;
        while (offset < jfr.length) {
            if (jfr.length - offset < 16 || b.getInt(offset) != 0x464c5200) {
                return false;
            }
            long size = b.getLong(offset + 8);
            if (size < 16 || size > jfr.length - offset) {
                return false;
            }
            offset += (int) size;
        }
        return jfr.length > 0;
    }

    private static CpuSample sample(Fields f, IItem item, ChunkMeta meta, Map<Object, List<Frame>> stacks) {
        Object st = f.get(item, "stackTrace");
        List<Frame> frames = st == null ? List.of() : stacks.computeIfAbsent(st, s -> List.copyOf(frames(s)));
        return new CpuSample(meta.instance(), f.threadId(item), f.time(item, "startTime"), frames);
    }

    private static PinnedEvent pinned(Fields f, IItem item, ChunkMeta meta) {
        long start = f.time(item, "startTime");
        return new PinnedEvent(meta.instance(), f.threadId(item), start, start + f.duration(item), frames(f.get(item, "stackTrace")));
    }

    private static RequestWindow request(Fields f, IItem item, ChunkMeta meta) {
        long end = f.time(item, "startTime"); // committed at the end of the request, without begin()
        long duration = f.number(item, "durationNanos");
        String traceId = String.format(Locale.ROOT, "%016x%016x", f.number(item, "traceIdHigh"), f.number(item, "traceIdLow"));
        return new RequestWindow(meta.service(), meta.instance(), f.threadId(item), end - duration, end, traceId,
                String.format(Locale.ROOT, "%016x", f.number(item, "spanId")), f.string(item, "method"),
                f.string(item, "route"), Boolean.TRUE.equals(f.get(item, "kept")));
    }

    private static void addBlocked(List<BlockedEvent> out, Fields f, IItem item, ChunkMeta meta, BlockedEvent.Kind kind,
                                   String classField) {
        List<Frame> frames = frames(f.get(item, "stackTrace"));
        String lockClass = typeName(f.get(item, classField));
        if (kind == BlockedEvent.Kind.PARK) {
            if (!LockFrames.isLockAcquisition(frames)) {
                return; // a condition wait, a queue poll, a sleep: waiting for work, not for a lock
            }
            lockClass = LockFrames.lockClassOfSync(lockClass, frames);
        }
        long start = f.time(item, "startTime");
        long end = start + f.duration(item);
        out.add(new BlockedEvent(meta.instance(), f.threadId(item), start, end, kind,
                lockClass == null ? "(unknown)" : lockClass, frames));
    }

    private static GcPause pause(Fields f, IItem item, ChunkMeta meta) {
        Object name = f.get(item, "name");
        long start = f.time(item, "startTime");
        return new GcPause(meta.instance(), start, start + f.duration(item), name == null ? null : name.toString());
    }

    static List<Frame> frames(Object stackTrace) {
        if (!(stackTrace instanceof IMCStackTrace st) || st.getFrames() == null) {
            return List.of();
        }
        List<Frame> out = new ArrayList<>();
        for (IMCFrame frame : st.getFrames()) {
            IMCMethod m = frame.getMethod();
            if (m == null) {
                continue;
            }
            out.add(new Frame(typeName(m.getType()), m.getMethodName(), frame.getFrameLineNumber()));
            if (out.size() == MAX_FRAMES) {
                break;
            }
        }
        return out;
    }

    private static String typeName(Object type) {
        return type instanceof IMCType t ? t.getFullName() : null;
    }

    /** The accessors of one event type, by field name. */
    private static final class Fields {
        private final Map<String, IMemberAccessor<?, IItem>> byName = new HashMap<>();

        Fields(IType<IItem> type) {
            for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
                byName.put(key.getIdentifier(), type.getAccessor(key));
            }
        }

        Object get(IItem item, String name) {
            IMemberAccessor<?, IItem> a = byName.get(name);
            return a == null ? null : a.getMember(item);
        }

        long time(IItem item, String name) {
            Object v = get(item, name);
            if (v instanceof IQuantity q) {
                return q.clampedLongValueIn(UnitLookup.EPOCH_NS);
            }
            throw new IllegalArgumentException("no " + name);
        }

        /** The event's own duration ("duration"; events without one last 0 ns). */
        long duration(IItem item) {
            Object v = get(item, "duration");
            return v instanceof IQuantity q ? q.clampedLongValueIn(UnitLookup.NANOSECOND) : 0;
        }

        long number(IItem item, String name) {
            Object v = get(item, name);
            if (v instanceof IQuantity q) {
                return q.longValue();
            }
            if (v instanceof Number n) {
                return n.longValue();
            }
            throw new IllegalArgumentException("no " + name);
        }

        String string(IItem item, String name) {
            Object v = get(item, name);
            return v == null ? null : v.toString();
        }

        /** The event's thread (JMC names an execution sample's {@code sampledThread} {@code eventThread} too). */
        long threadId(IItem item) {
            Object v = get(item, "eventThread");
            if (v == null) {
                v = get(item, "sampledThread");
            }
            if (v instanceof IMCThread t && t.getThreadId() != null) {
                return t.getThreadId();
            }
            throw new IllegalArgumentException("no thread");
        }
    }
}
