package dev.hotpath.agent.config;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.deep.DeepConfig;
import dev.hotpath.agent.deep.DeepMode;
import dev.hotpath.agent.overload.OverloadConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves settings from agent arguments ({@code key=value,...}), then {@code hotpath.*} system
 * properties, then {@code HOTPATH_*} environment variables (first wins), honouring
 * {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES}. A bad value gives one line on stderr
 * and the default; it never throws.
 */
public final class ConfigResolver {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");
    private final Map<String, String> args;
    private final Function<String, String> sysProps;
    private final Function<String, String> env;

    public ConfigResolver(String agentArgs, Function<String, String> sysProps, Function<String, String> env) {
        this.args = parseArgs(agentArgs);
        this.sysProps = sysProps;
        this.env = env;
    }

    public static AgentConfig fromEnvironment(String agentArgs) {
        return new ConfigResolver(agentArgs, System::getProperty, System::getenv).resolve();
    }

    public AgentConfig resolve() {
        Map<String, String> resource = parseResourceAttributes(env.apply("OTEL_RESOURCE_ATTRIBUTES"));
        String otelService = firstNonBlank(sysProps.apply("otel.service.name"), env.apply("OTEL_SERVICE_NAME"),
                resource.get("service.name"));
        String serviceName = string("service.name", otelService != null ? otelService : "unknown_service:java");
        resource.put("service.name", serviceName);
        String instanceId = string("service.instance.id", resource.getOrDefault("service.instance.id", defaultInstanceId()));
        resource.put("service.instance.id", instanceId);
        return new AgentConfig(
                bool("enabled", true),
                collectorUrl(string("collector", "http://127.0.0.1:4318")),
                raw("collector.token"),
                serviceName,
                instanceId,
                Collections.unmodifiableMap(resource),
                fraction("sample.rate", 0.05),
                longInRange("slo.ms", 0, 0, 3_600_000),
                (int) longInRange("repeat.threshold", 5, 2, 10_000),
                (int) longInRange("max.spans.per.trace", 1000, 10, 100_000),
                (int) longInRange("export.queue.spans", 8192, 64, 1_000_000),
                longInRange("export.timeout.ms", 5000, 100, 120_000),
                longInRange("stats.interval.ms", 5000, 200, 600_000),
                longInRange("shutdown.flush.ms", 5000, 0, 60_000),
                (int) longInRange("sql.cache.size", 2048, 16, 1_000_000),
                (int) longInRange("max.routes", 500, 1, 100_000),
                (int) longInRange("max.queries", 1000, 1, 100_000),
                bool("instrument.jdbc", true),
                bool("instrument.servlet", true),
                bool("instrument.httpserver", true),
                bool("instrument.httpclient", true),
                bool("debug", false),
                longInRange("pool.sample.ms", 250, 10, 60_000),
                jfr(instanceId),
                bool("instrument.executor", true),
                overload(),
                durationMillis("typecache.idle", 10_000, 1_000, 3_600_000));
    }

    private OverloadConfig overload() {
        OverloadConfig def = OverloadConfig.defaults();
        double resume = fraction("overload.resume", def.resumeBelow());
        double cpu = fraction("overload.cpu", def.cpuShed());
        double heap = fraction("overload.heap", def.heapShed());
        if (resume >= Math.min(cpu, heap)) {
            bad("overload.resume", Double.toString(resume), "below overload.cpu and overload.heap", Math.min(def.resumeBelow(), Math.min(cpu, heap) / 2));
            resume = Math.min(def.resumeBelow(), Math.min(cpu, heap) / 2);
        }
        return new OverloadConfig(bool("overload", def.enabled()), cpu, heap, resume,
                (int) longInRange("overload.samples", def.shedAfterSamples(), 1, 60),
                durationMillis("overload.resume.after", def.resumeAfterMillis(), 1_000, 600_000));
    }

    private JfrConfig jfr(String instanceId) {
        String safeId = instanceId.replaceAll("[^A-Za-z0-9._-]", "_");
        Path defaultDir = Path.of(System.getProperty("java.io.tmpdir"), "hotpath-jfr-" + safeId);
        Path dir = defaultDir;
        String configured = raw("jfr.dir");
        if (configured != null) {
            try {
                dir = Path.of(configured);
            } catch (java.nio.file.InvalidPathException e) {
                bad("jfr.dir", configured, "a directory path", defaultDir);
            }
        }
        return new JfrConfig(bool("jfr", true),
                durationMillis("jfr.period", 60_000, 1_000, 3_600_000),
                dir,
                longInRange("jfr.max.bytes", 64L << 20, 1L << 20, 1L << 40),
                longInRange("jfr.lock.threshold.ms", 10, 0, 60_000),
                longInRange("jfr.sample.ms", 20, 1, 10_000));
    }

    /** A duration: a number with unit ms, s or m; a bare number is seconds. */
    private long durationMillis(String key, long defMillis, long minMillis, long maxMillis) {
        String v = raw(key);
        if (v == null) {
            return defMillis;
        }
        String s = v.toLowerCase(Locale.ROOT);
        long unit = 1000;
        if (s.endsWith("ms")) {
            unit = 1;
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unit = 60_000;
            s = s.substring(0, s.length() - 1);
        }
        try {
            long millis = Math.multiplyExact(Long.parseLong(s.trim()), unit);
            if (millis >= minMillis && millis <= maxMillis) {
                return millis;
            }
        } catch (NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        bad(key, v, "a duration from " + minMillis + "ms to " + maxMillis / 1000 + "s (e.g. 60s, 2500ms, 5m)", defMillis + "ms");
        return defMillis;
    }

    public static DeepConfig deepFromEnvironment(String agentArgs, Path jfrDir) {
        return new ConfigResolver(agentArgs, System::getProperty, System::getenv).resolveDeep(jfrDir);
    }

    /**
     * Deep mode's keys (README.md): off unless {@code deep=canary}; bad values give one line and the
     * default. Finished windows go to {@code <jfrDir>/outbox} (the JFR uploader's) unless {@code deep.dir} says otherwise.
     */
    public DeepConfig resolveDeep(Path jfrDir) {
        DeepConfig def = DeepConfig.off();
        String mode = raw("deep");
        boolean requested = false;
        if (mode != null) {
            if (mode.equalsIgnoreCase("canary")) {
                requested = true;
            } else if (!mode.equalsIgnoreCase("off")) {
                bad("deep", mode, "canary or off", "off");
            }
        }
        Path outbox = jfrDir.resolve("outbox");
        String dir = raw("deep.dir");
        String kill = raw("deep.kill.file");
        long window = duration("deep.window", def.windowMillis(), 100, 3_600_000);
        long every = duration("deep.every", def.everyMillis(), 100, 86_400_000);
        if (every < window) {
            bad("deep.every", every + "ms", "at least deep.window (" + window + "ms)", window + "ms");
            every = window;
        }
        return new DeepConfig(
                requested,
                raw("deep.canary") == null ? null : bool("deep.canary", false),
                fraction("deep.canary.fraction", def.canaryFraction()),
                modes("deep.modes", def.modes()),
                window,
                every,
                positiveDouble("deep.cpu.budget", def.cpuBudgetPercent(), 0.001, 100),
                duration("deep.max.total", def.maxTotalMillis(), 100, 30L * 86_400_000),
                kill == null ? null : Path.of(kill),
                dir != null ? Path.of(dir) : outbox,
                bool("deep.jdk.override", false));
    }

    private List<DeepMode> modes(String key, List<DeepMode> def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        Set<DeepMode> out = new LinkedHashSet<>();
        for (String part : v.split("[;+, ]")) {
            DeepMode m = part.isBlank() ? null : DeepMode.parse(part);
            if (m == null) {
                bad(key, v, "one or more of wall, lock, alloc separated by '+'", "wall+lock+alloc");
                return def;
            }
            out.add(m);
        }
        return out.isEmpty() ? def : List.copyOf(out);
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; a bare number is milliseconds. */
    private long duration(String key, long defMillis, long min, long max) {
        String v = raw(key);
        if (v == null) {
            return defMillis;
        }
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2);
                long ms = unit == null || unit.equals("ms") ? n
                        : unit.equals("s") ? n * 1000 : unit.equals("m") ? n * 60_000 : n * 3_600_000;
                if (ms >= min && ms <= max) {
                    return ms;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        bad(key, v, "a duration from " + min + "ms to " + max / 1000 + "s such as 500ms, 30s, 5m", defMillis + "ms");
        return defMillis;
    }

    private double positiveDouble(String key, double def, double min, double max) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.endsWith("%") ? v.substring(0, v.length() - 1) : v);
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        bad(key, v, "a number from " + min + " to " + max, def);
        return def;
    }

    /** The raw value: argument, then {@code hotpath.<key>} property, then {@code HOTPATH_<KEY>}. */
    String raw(String key) {
        String v = args.get(key);
        if (v == null) {
            v = sysProps.apply("hotpath." + key);
        }
        if (v == null) {
            v = env.apply("HOTPATH_" + key.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    private String string(String key, String def) {
        String v = raw(key);
        return v == null ? def : v;
    }

    private boolean bool(String key, boolean def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "on": case "yes": case "1":
                return true;
            case "false": case "off": case "no": case "0":
                return false;
            default:
                bad(key, v, "true or false", def);
                return def;
        }
    }

    private long longInRange(String key, long def, long min, long max) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        bad(key, v, "an integer from " + min + " to " + max, def);
        return def;
    }

    private double fraction(String key, double def) {
        String v = raw(key);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && d <= 1) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        bad(key, v, "a number from 0 to 1", def);
        return def;
    }

    private String collectorUrl(String v) {
        try {
            URI uri = URI.create(v);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                String s = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                return s;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        bad("collector", v, "an http(s) URL such as http://127.0.0.1:4318", "http://127.0.0.1:4318");
        return "http://127.0.0.1:4318";
    }

    private static void bad(String key, String value, String expected, Object def) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        AgentLog.info("bad value for " + key + "='" + shown + "': expected " + expected + "; using " + def);
    }

    static Map<String, String> parseArgs(String agentArgs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return out;
        }
        for (String part : agentArgs.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                AgentLog.info("ignoring agent argument '" + part.trim() + "': expected key=value");
                continue;
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }

    static Map<String, String> parseResourceAttributes(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        for (String part : raw.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).trim(), decode(part.substring(eq + 1).trim()));
            }
        }
        return out;
    }

    private static String decode(String v) {
        try {
            return java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return v;
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static String defaultInstanceId() {
        // No ManagementFactory or DNS here: both are slow or initialise logging inside premain.
        return "pid" + ProcessHandle.current().pid() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt() & 0xffff);
    }
}
