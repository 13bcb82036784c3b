package dev.hotpath.collector.flame;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stacks in the collapsed format flame graphs are drawn from: {@code root;caller;callee -> samples}, plus
 * what was seen but not kept (samples outside every window, files that could not be read), so a thin
 * graph says why it is thin.
 */
public final class CollapsedStacks {
    private final Map<String, Long> stacks = new TreeMap<>();
    private long samples;
    private long outsideWindows;
    private int unreadableFiles;

    void add(String stack, long count) {
        stacks.merge(stack, count, Long::sum);
        samples += count;
    }

    void outsideWindow(long count) {
        outsideWindows += count;
    }

    void unreadableFile() {
        unreadableFiles++;
    }

    public Map<String, Long> stacks() {
        return Collections.unmodifiableMap(stacks);
    }

    public long samples() {
        return samples;
    }

    public long samplesOutsideWindows() {
        return outsideWindows;
    }

    public int unreadableFiles() {
        return unreadableFiles;
    }

    /** Samples whose stack contains this frame (a method as {@code pkg.Class.method}). */
    public long samplesThrough(String frame) {
        long n = 0;
        for (Map.Entry<String, Long> e : stacks.entrySet()) {
            for (String f : e.getKey().split(";")) {
                if (f.equals(frame)) {
                    n += e.getValue();
                    break;
                }
            }
        }
        return n;
    }

    /** The collapsed text: one {@code stack count} line per distinct stack. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : stacks.entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }
}
