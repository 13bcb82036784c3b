package dev.hotpath.analyzer.run;

/** The first application frame behind a finding: {@code function(file:line)}. */
public record CodePointer(String function, String file, Integer line) {
    @Override
    public String toString() {
        return function + (file == null ? "" : "(" + file + (line == null ? "" : ":" + line) + ")");
    }
}
