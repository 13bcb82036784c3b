package dev.hotpath.agent.config;

import dev.hotpath.agent.deep.DeepConfig;
import dev.hotpath.agent.deep.DeepMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeepConfigResolverTest {

    private static DeepConfig resolve(String args, Map<String, String> props) {
        return new ConfigResolver(args, k -> props.get(k), k -> null).resolveDeep(Path.of("/tmp/hotpath-jfr-i1"));
    }

    @Test
    void offByDefault() {
        DeepConfig c = resolve("", Map.of());
        assertFalse(c.requested());
        assertNull(c.canary());
        assertEquals(List.of(DeepMode.WALL, DeepMode.LOCK, DeepMode.ALLOC), c.modes());
        assertEquals(30_000, c.windowMillis());
        assertEquals(300_000, c.everyMillis());
        assertEquals(5.0, c.cpuBudgetPercent());
        assertEquals(600_000, c.maxTotalMillis());
        assertNull(c.killFile());
        assertEquals(Path.of("/tmp/hotpath-jfr-i1", "outbox"), c.outbox(), "the JFR uploader's outbox");
    }

    @Test
    void everyKeyIsRead() {
        DeepConfig c = resolve("deep=canary,deep.canary=true,deep.modes=alloc+wall,deep.window=2s,deep.every=1m,"
                + "deep.cpu.budget=2.5,deep.max.total=1h,deep.kill.file=/tmp/stop-deep,deep.dir=/tmp/outbox,deep.jdk.override=true",
                Map.of("hotpath.deep.canary.fraction", "0.25"));
        assertTrue(c.requested());
        assertEquals(Boolean.TRUE, c.canary());
        assertEquals(0.25, c.canaryFraction());
        assertEquals(List.of(DeepMode.ALLOC, DeepMode.WALL), c.modes());
        assertEquals(2_000, c.windowMillis());
        assertEquals(60_000, c.everyMillis());
        assertEquals(2.5, c.cpuBudgetPercent());
        assertEquals(3_600_000, c.maxTotalMillis());
        assertEquals(Path.of("/tmp/stop-deep"), c.killFile());
        assertEquals(Path.of("/tmp/outbox"), c.outbox());
        assertTrue(c.allowDeniedJdk());
    }

    @Test
    void outboxFollowsTheJfrDirectory() {
        ConfigResolver resolver = new ConfigResolver("jfr.dir=/var/hotpath/jfr", k -> null, k -> null);
        assertEquals(Path.of("/var/hotpath/jfr", "outbox"), resolver.resolveDeep(resolver.resolve().jfr().dir()).outbox());
    }

    @Test
    void badValuesFallBackToDefaults() {
        DeepConfig c = resolve("deep=always,deep.canary=maybe,deep.modes=wall+cpu,deep.window=soon,deep.every=200ms,"
                + "deep.cpu.budget=-1,deep.max.total=0", Map.of());
        assertFalse(c.requested(), "only 'canary' turns deep mode on");
        assertEquals(Boolean.FALSE, c.canary(), "a bad flag is not a canary");
        assertEquals(List.of(DeepMode.values()), c.modes());
        assertEquals(30_000, c.windowMillis());
        assertEquals(30_000, c.everyMillis(), "every below the window becomes the window");
        assertEquals(5.0, c.cpuBudgetPercent());
        assertEquals(600_000, c.maxTotalMillis());
    }
}
