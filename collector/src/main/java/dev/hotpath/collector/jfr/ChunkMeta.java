package dev.hotpath.collector.jfr;

import java.util.List;

/** Who sent a JFR chunk: the upload's query parameters (see WIRE.md). */
public record ChunkMeta(String service, String instance, String kind, Long startMs, Long endMs) {
    public static final List<String> KINDS = List.of("continuous", "deep-wall", "deep-lock", "deep-alloc");
}
