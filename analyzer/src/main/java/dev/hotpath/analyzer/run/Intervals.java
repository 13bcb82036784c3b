package dev.hotpath.analyzer.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Union length of time intervals: concurrent spans count once, so shares never exceed 100%. */
final class Intervals {
    private final List<long[]> items = new ArrayList<>();

    void add(long start, long end) {
        if (end > start) {
            items.add(new long[] {start, end});
        }
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** Total covered length, clipped to [from, to]. */
    long unionLength(long from, long to) {
        List<long[]> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong(a -> a[0]));
        long total = 0;
        long curStart = Long.MIN_VALUE;
        long curEnd = Long.MIN_VALUE;
        for (long[] iv : sorted) {
            long s = Math.max(iv[0], from);
            long e = Math.min(iv[1], to);
            if (e <= s) {
                continue;
            }
            if (s > curEnd) {
                if (curEnd > curStart) {
                    total += curEnd - curStart;
                }
                curStart = s;
                curEnd = e;
            } else {
                curEnd = Math.max(curEnd, e);
            }
        }
        if (curEnd > curStart) {
            total += curEnd - curStart;
        }
        return total;
    }

    Intervals plus(Intervals other) {
        Intervals out = new Intervals();
        out.items.addAll(items);
        out.items.addAll(other.items);
        return out;
    }
}
