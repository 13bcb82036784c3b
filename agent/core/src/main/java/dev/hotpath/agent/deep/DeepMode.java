package dev.hotpath.agent.deep;

import java.util.Locale;

/** What one deep-mode window records; the outbox file name starts with {@link #kind()}. */
public enum DeepMode {
    WALL("event=wall,interval=50ms"),
    LOCK("event=lock,lock=10us"),
    ALLOC("event=alloc,alloc=512k");

    private final String events;

    DeepMode(String events) {
        this.events = events;
    }

    /** async-profiler event options of this mode (see its docs: ProfilerOptions.md). */
    String events() {
        return events;
    }

    public String kind() {
        return "deep-" + name().toLowerCase(Locale.ROOT);
    }

    /** {@code wall}, {@code lock} or {@code alloc}; null for anything else. */
    public static DeepMode parse(String s) {
        for (DeepMode m : values()) {
            if (m.name().equalsIgnoreCase(s.trim())) {
                return m;
            }
        }
        return null;
    }
}
