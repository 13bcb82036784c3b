package dev.hotpath.collector.jfr;

/** One stack frame of a JFR event: class, method, line (null when unknown). */
public record Frame(String className, String method, Integer line) {

    public String function() {
        return className + "." + method;
    }

    @Override
    public String toString() {
        return function() + (line == null ? "" : ":" + line);
    }
}
