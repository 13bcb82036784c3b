package dev.hotpath.analyzer.diff;

/** A finding across two runs, matched by its stable id. */
public enum FindingStatus {
    FIXED("fixed"), NEW("new"), PERSISTING("persisting"), BETTER("better"), WORSE("worse");

    private final String label;

    FindingStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
