package dev.hotpath.analyzer.diff;

/** Per-endpoint outcome of a before/after comparison. */
public enum Verdict {
    IMPROVED("improved"),
    REGRESSED("regression"),
    ERRORS_REGRESSED("regression (errors)"),
    NO_SIGNIFICANT_CHANGE("no significant change"),
    INSUFFICIENT_DATA("too few samples to judge"),
    NEW_ENDPOINT("new endpoint"),
    GONE("endpoint gone");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
