package dev.hotpath.analyzer.diff;

import dev.hotpath.analyzer.run.Finding;

/** One finding id across the two runs ({@code before} or {@code after} null when absent there). */
public record FindingChange(String id, Finding before, Finding after, FindingStatus status, String reason) {
    public Finding any() {
        return after != null ? after : before;
    }
}
