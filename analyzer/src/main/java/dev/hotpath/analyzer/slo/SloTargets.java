package dev.hotpath.analyzer.slo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The objectives a run is judged against. Defaults are the playbook's: submit p95 < 500 ms, access
 * p95 < 800 ms, error rate < 0.1% on both paths. {@code --slo} replaces the objectives it names and
 * keeps the other defaults: {@code submit.p95=300ms,access.p99=1s,error.rate=0.5%}.
 */
public final class SloTargets {
    private final List<SloObjective> objectives;

    private SloTargets(List<SloObjective> objectives) {
        this.objectives = List.copyOf(objectives);
    }

    public static SloTargets defaults() {
        return new SloTargets(List.copyOf(defaultMap().values()));
    }

    public List<SloObjective> objectives() {
        return objectives;
    }

    public boolean anyUserDefined() {
        return objectives.stream().anyMatch(SloObjective::userDefined);
    }

    /** Parses {@code --slo}; null or blank gives the defaults. Throws IllegalArgumentException with a one-line reason. */
    public static SloTargets parse(String spec) {
        Map<String, SloObjective> byKey = defaultMap();
        if (spec == null || spec.isBlank()) {
            return new SloTargets(List.copyOf(byKey.values()));
        }
        for (String part : spec.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad --slo entry '" + p + "': expected key=value, e.g. submit.p95=300ms");
            }
            String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = p.substring(eq + 1).trim();
            List<RequestPath> paths = new ArrayList<>();
            String metricName;
            if (key.startsWith("submit.")) {
                paths.add(RequestPath.SUBMIT);
                metricName = key.substring(7);
            } else if (key.startsWith("access.")) {
                paths.add(RequestPath.ACCESS);
                metricName = key.substring(7);
            } else {
                paths.add(RequestPath.SUBMIT);
                paths.add(RequestPath.ACCESS);
                metricName = key;
            }
            SloMetric metric = switch (metricName) {
                case "p50" -> SloMetric.P50;
                case "p95" -> SloMetric.P95;
                case "p99" -> SloMetric.P99;
                case "error.rate", "errors", "error_rate" -> SloMetric.ERROR_RATE;
                default -> throw new IllegalArgumentException("unknown --slo key '" + key
                        + "': use submit.p50|p95|p99, access.p50|p95|p99, error.rate, submit.error.rate or access.error.rate");
            };
            if (!metric.isLatency() || paths.size() == 1) {
                double target = metric.isLatency() ? parseMillis(key, value) : parseRate(key, value);
                for (RequestPath path : paths) {
                    SloObjective o = new SloObjective(path, metric, target, true);
                    byKey.put(o.key(), o);
                }
            } else {
                throw new IllegalArgumentException("--slo key '" + key + "' needs a path: submit." + metricName + " or access." + metricName);
            }
        }
        List<SloObjective> out = new ArrayList<>(byKey.values());
        out.sort((a, b) -> a.path() != b.path() ? a.path().compareTo(b.path()) : a.metric().compareTo(b.metric()));
        return new SloTargets(out);
    }

    private static Map<String, SloObjective> defaultMap() {
        Map<String, SloObjective> m = new LinkedHashMap<>();
        for (SloObjective o : List.of(new SloObjective(RequestPath.SUBMIT, SloMetric.P95, 500, false),
                new SloObjective(RequestPath.SUBMIT, SloMetric.ERROR_RATE, 0.001, false),
                new SloObjective(RequestPath.ACCESS, SloMetric.P95, 800, false),
                new SloObjective(RequestPath.ACCESS, SloMetric.ERROR_RATE, 0.001, false))) {
            m.put(o.key(), o);
        }
        return m;
    }

    static double parseMillis(String key, String v) {
        String s = v.toLowerCase(Locale.ROOT);
        double factor = 1;
        if (s.endsWith("ms")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("us")) {
            s = s.substring(0, s.length() - 2);
            factor = 0.001;
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
            factor = 1000;
        }
        double d = number(key, v, s) * factor;
        if (d <= 0) {
            throw new IllegalArgumentException("--slo " + key + "=" + v + ": the latency target must be positive");
        }
        return d;
    }

    static double parseRate(String key, String v) {
        String s = v.trim();
        double d = s.endsWith("%") ? number(key, v, s.substring(0, s.length() - 1)) / 100 : number(key, v, s);
        if (d < 0 || d > 1) {
            throw new IllegalArgumentException("--slo " + key + "=" + v + ": the error rate must be 0..100% (or a 0..1 fraction)");
        }
        return d;
    }

    private static double number(String key, String raw, String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--slo " + key + "=" + raw + ": not a number (examples: 300ms, 1.5s, 0.5%)");
        }
    }
}
