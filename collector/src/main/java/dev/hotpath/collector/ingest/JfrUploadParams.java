package dev.hotpath.collector.ingest;

import dev.hotpath.collector.jfr.ChunkMeta;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query of {@code POST /v1/hotpath/jfr}: service, instance, kind, optional start/end (epoch ms). */
final class JfrUploadParams {
    private JfrUploadParams() {
    }

    static ChunkMeta parse(String rawQuery) throws RejectedRequest {
        Map<String, String> q = new HashMap<>();
        if (rawQuery != null) {
            for (String kv : rawQuery.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    try {
                        q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                                URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw RejectedRequest.malformed("bad query parameter encoding: " + kv);
                    }
                }
            }
        }
        String service = required(q, "service");
        String instance = required(q, "instance");
        String kind = required(q, "kind");
        if (!ChunkMeta.KINDS.contains(kind)) {
            throw RejectedRequest.malformed("unknown kind '" + kind + "'; expected one of " + ChunkMeta.KINDS);
        }
        return new ChunkMeta(service, instance, kind, epochMs(q, "start"), epochMs(q, "end"));
    }

    /** JFR files start with the magic bytes "FLR\0". */
    static boolean looksLikeJfr(byte[] b) {
        return b.length >= 4 && b[0] == 'F' && b[1] == 'L' && b[2] == 'R' && b[3] == 0;
    }

    private static String required(Map<String, String> q, String name) throws RejectedRequest {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            throw RejectedRequest.malformed("missing query parameter '" + name + "' (service, instance and kind are required)");
        }
        if (v.length() > 256) {
            throw RejectedRequest.malformed("query parameter '" + name + "' longer than 256 characters");
        }
        return v.trim();
    }

    private static Long epochMs(Map<String, String> q, String name) throws RejectedRequest {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw RejectedRequest.malformed("query parameter '" + name + "' must be epoch milliseconds, got '" + v + "'");
        }
    }
}
