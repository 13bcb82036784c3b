package dev.hotpath.analyzer.slo;

import java.util.Locale;

/**
 * One objective: the path's {@code metric} must stay below {@code target} (ms for latency, a 0..1
 * fraction for the error rate). {@code userDefined} false means a playbook default.
 */
public record SloObjective(RequestPath path, SloMetric metric, double target, boolean userDefined) {

    /** {@code submit.p95}, {@code access.error.rate}: the key used by {@code --slo} and JUnit test names. */
    public String key() {
        return path.label() + "." + (metric == SloMetric.ERROR_RATE ? "error.rate" : metric.label());
    }

    public String targetText() {
        return metric.isLatency()
                ? String.format(Locale.ROOT, "< %s ms", trim(target))
                : String.format(Locale.ROOT, "< %s%%", trim(target * 100));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
