package dev.hotpath.collector.detect;

import dev.hotpath.collector.trace.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Time-interval arithmetic over spans. */
public final class Intervals {
    private Intervals() {
    }

    /** Total time covered by the spans, overlapping parts counted once. */
    public static long unionNanos(List<Span> spans) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::startEpochNanos));
        long total = 0;
        long curStart = Long.MIN_VALUE;
        long curEnd = Long.MIN_VALUE;
        for (Span s : sorted) {
            long start = s.startEpochNanos();
            long end = Math.max(start, s.endEpochNanos());
            if (curEnd == Long.MIN_VALUE || start > curEnd) {
                if (curEnd != Long.MIN_VALUE) {
                    total += curEnd - curStart;
                }
                curStart = start;
                curEnd = end;
            } else {
                curEnd = Math.max(curEnd, end);
            }
        }
        if (curEnd != Long.MIN_VALUE) {
            total += curEnd - curStart;
        }
        return total;
    }

    /**
     * How many spans (sorted by start) begin before an earlier one ended, beyond {@code toleranceNanos}
     * (clock granularity). 0 for a strictly sequential loop; n-1 when all run in parallel.
     */
    public static int overlaps(List<Span> spans, long toleranceNanos) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(Span::startEpochNanos));
        int overlaps = 0;
        long maxEnd = Long.MIN_VALUE;
        for (Span s : sorted) {
            if (maxEnd != Long.MIN_VALUE && s.startEpochNanos() < maxEnd - toleranceNanos) {
                overlaps++;
            }
            maxEnd = Math.max(maxEnd, s.endEpochNanos());
        }
        return overlaps;
    }
}
