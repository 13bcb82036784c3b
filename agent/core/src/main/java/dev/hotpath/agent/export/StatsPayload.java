package dev.hotpath.agent.export;

import dev.hotpath.agent.aggregate.Aggregates;
import dev.hotpath.agent.aggregate.LatencyStats;
import dev.hotpath.agent.aggregate.PoolWaits;
import dev.hotpath.agent.pools.PoolSampler;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The aggregates post ({@code POST /v1/hotpath/stats}, see collector/WIRE.md): interval deltas as JSON. */
final class StatsPayload {
    private StatsPayload() {
    }

    static String build(String service, String instance, long seq, long startMs, long endMs, Aggregates aggregates,
                        List<PoolSampler.PoolInterval> pools, Map<String, Long> counters, long nowNanos) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\"schema\":1,\"service\":");
        string(sb, service);
        sb.append(",\"instance\":");
        string(sb, instance);
        sb.append(",\"seq\":").append(seq);
        sb.append(",\"intervalStartMs\":").append(startMs).append(",\"intervalEndMs\":").append(endMs);
        sb.append(",\"routes\":[");
        boolean first = true;
        for (Aggregates.RouteStats r : aggregates.routes()) {
            LatencyStats.Interval in = r.latency().drain(nowNanos);
            List<PoolWaits.Interval> waits = r.waits().drain();
            if (in.count() > 0) {
                sb.append(first ? "" : ",").append("{\"method\":");
                string(sb, r.method());
                sb.append(",\"route\":");
                string(sb, r.route());
                waits(sb, waits);
                interval(sb, in);
                first = false;
            }
            r.latency().recycle(in);
        }
        sb.append("],\"queries\":[");
        first = true;
        for (Aggregates.QueryStats q : aggregates.queries()) {
            LatencyStats.Interval in = q.latency().drain(nowNanos);
            if (in.count() > 0) {
                sb.append(first ? "" : ",").append("{\"fingerprint\":");
                string(sb, q.sql().fingerprint());
                sb.append(",\"statement\":");
                string(sb, q.sql().text());
                sb.append(",\"system\":");
                string(sb, q.system());
                interval(sb, in);
                first = false;
            }
            q.latency().recycle(in);
        }
        sb.append("],\"pools\":[");
        first = true;
        for (PoolSampler.PoolInterval p : pools) {
            sb.append(first ? "" : ",").append("{\"kind\":\"").append(p.kind().wireName).append("\",\"name\":");
            string(sb, p.name());
            sb.append(",\"core\":").append(p.core()).append(",\"max\":").append(p.max())
                    .append(",\"samples\":").append(p.samples()).append(",\"samplesAtMax\":").append(p.samplesAtMax())
                    .append(",\"activeMean\":").append(round(p.activeMean())).append(",\"activeMax\":").append(p.activeMax())
                    .append(",\"pendingMean\":").append(round(p.pendingMean())).append(",\"pendingMax\":").append(p.pendingMax())
                    .append(",\"idle\":").append(p.idle()).append(",\"completed\":").append(p.completed())
                    .append(",\"rejected\":").append(p.rejected()).append(",\"timeouts\":").append(p.timeouts()).append('}');
            first = false;
        }
        sb.append("],\"counters\":{");
        first = true;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            sb.append(first ? "" : ",");
            string(sb, e.getKey());
            sb.append(':').append(e.getValue());
            first = false;
        }
        return sb.append("}}").toString();
    }

    private static void waits(StringBuilder sb, List<PoolWaits.Interval> waits) {
        if (waits.isEmpty()) {
            return;
        }
        sb.append(",\"waits\":[");
        for (int i = 0; i < waits.size(); i++) {
            PoolWaits.Interval w = waits.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"kind\":\"").append(w.kind().wireName).append("\",\"pool\":");
            string(sb, w.pool());
            sb.append(",\"count\":").append(w.count()).append(",\"totalNanos\":").append(w.totalNanos())
                    .append(",\"timeouts\":").append(w.timeouts()).append('}');
        }
        sb.append(']');
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static void interval(StringBuilder sb, LatencyStats.Interval in) {
        sb.append(",\"count\":").append(in.count())
                .append(",\"errors\":").append(in.errors())
                .append(",\"totalNanos\":").append(in.totalNanos())
                .append(",\"histogram\":\"").append(encode(in.histogram())).append("\"}");
    }

    private static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int len = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[len];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
