package dev.hotpath.agent.config;

import dev.hotpath.agent.AgentLog;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Resolves settings from agent arguments ({@code key=value,...}), then {@code hotpath.*} system
 * properties, then {@code HOTPATH_*} environment variables (first wins), honouring
 * {@code OTEL_SERVICE_NAME} and {@code OTEL_RESOURCE_ATTRIBUTES}. A bad value gives one line on stderr
 * and the default; it never throws.
 */
public final class ConfigResolver {
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
                bool("instrument.executor", true));
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
