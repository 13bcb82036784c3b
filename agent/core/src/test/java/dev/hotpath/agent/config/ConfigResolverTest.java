package dev.hotpath.agent.config;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigResolverTest {

    private static AgentConfig resolve(String args, Map<String, String> props, Map<String, String> env) {
        Function<String, String> p = props::get;
        Function<String, String> e = env::get;
        return new ConfigResolver(args, p, e).resolve();
    }

    @Test
    void agentArgumentsWinOverPropertiesWhichWinOverEnvironment() {
        AgentConfig c = resolve("collector=http://127.0.0.1:9999,service.name=shop",
                Map.of("hotpath.collector", "http://127.0.0.1:1111", "hotpath.sample.rate", "0.5", "hotpath.service.name", "x"),
                Map.of("HOTPATH_SAMPLE_RATE", "0.9", "HOTPATH_REPEAT_THRESHOLD", "7"));
        assertEquals("http://127.0.0.1:9999", c.collector());
        assertEquals("shop", c.serviceName());
        assertEquals(0.5, c.sampleRate());
        assertEquals(7, c.repeatThreshold());
    }

    @Test
    void defaultsWhenNothingIsSet() {
        AgentConfig c = resolve(null, Map.of(), Map.of());
        assertEquals("http://127.0.0.1:4318", c.collector());
        assertEquals("unknown_service:java", c.serviceName());
        assertEquals(5, c.repeatThreshold());
        assertTrue(c.enabled());
        assertTrue(c.instanceId().startsWith("pid"));
    }

    @Test
    void honoursOtelServiceNameAndResourceAttributes() {
        AgentConfig c = resolve("", Map.of(),
                Map.of("OTEL_SERVICE_NAME", "checkout", "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=canary,team=pay%20ments"));
        assertEquals("checkout", c.serviceName());
        assertEquals("canary", c.resourceAttributes().get("deployment.environment"));
        assertEquals("pay ments", c.resourceAttributes().get("team"));
        assertEquals("checkout", c.resourceAttributes().get("service.name"));
    }

    @Test
    void badValuesGiveOneLineEachAndTheDefault() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        AgentConfig c;
        try {
            c = resolve("sample.rate=lots,collector=ftp:/x,repeat.threshold=-3,enabled=maybe,garbage,stats.interval.ms=1e9",
                    Map.of(), Map.of());
        } finally {
            System.setErr(old);
        }
        assertEquals(0.05, c.sampleRate());
        assertEquals("http://127.0.0.1:4318", c.collector());
        assertEquals(5, c.repeatThreshold());
        assertTrue(c.enabled());
        assertEquals(5000, c.statsIntervalMillis());
        String[] lines = err.toString().trim().split("\n");
        assertEquals(6, lines.length, err.toString());
        for (String line : lines) {
            assertTrue(line.startsWith("[hotpath] "), line);
        }
        assertTrue(err.toString().contains("bad value for sample.rate='lots'"));
    }

    @Test
    void tokenFromTheEnvironmentIsKeptButNeverPrinted() {
        AgentConfig c = resolve(null, Map.of(), Map.of("HOTPATH_COLLECTOR_TOKEN", "s3cret"));
        assertEquals("s3cret", c.collectorToken());
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertEquals(null, resolve(null, Map.of(), Map.of()).collectorToken());
    }

    @Test
    void killSwitch() {
        assertFalse(resolve("enabled=false", Map.of(), Map.of()).enabled());
        assertFalse(resolve(null, Map.of(), Map.of("HOTPATH_ENABLED", "off")).enabled());
    }

    @Test
    void jfrSettingsTakeDurationsWithUnitsAndFallBackOnBadOnes() {
        AgentConfig c = resolve("jfr.period=2500ms,jfr.max.bytes=2097152,jfr.lock.threshold.ms=5,jfr.dir=/tmp/x", Map.of(), Map.of());
        assertEquals(2500, c.jfr().periodMillis());
        assertEquals(2097152, c.jfr().maxBytes());
        assertEquals(5, c.jfr().lockThresholdMillis());
        assertEquals("/tmp/x", c.jfr().dir().toString());
        assertTrue(c.jfr().enabled());
        assertEquals(5000, resolve("jfr.period=5", Map.of(), Map.of()).jfr().periodMillis());
        assertEquals(120_000, resolve("", Map.of("hotpath.jfr.period", "2m"), Map.of()).jfr().periodMillis());
        assertFalse(resolve("", Map.of(), Map.of("HOTPATH_JFR", "off")).jfr().enabled());
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(60_000, resolve("jfr.period=soon", Map.of(), Map.of()).jfr().periodMillis());
            assertEquals(60_000, resolve("jfr.period=10ms", Map.of(), Map.of()).jfr().periodMillis());
        } finally {
            System.setErr(old);
        }
        assertEquals(2, err.toString().lines().filter(l -> l.contains("jfr.period")).count(), err.toString());
    }
}
