package dev.hotpath.analyzer.sections;

/**
 * What sections need besides the analysis: how to name the run directory in commands, and the
 * {@code --slo} spec the user gave (null for the defaults), so printed commands reproduce this report.
 */
public record ReportContext(String runLabel, String sloSpec) {
    public String sloArg() {
        return sloSpec == null || sloSpec.isBlank() ? "" : " --slo '" + sloSpec + "'";
    }
}
