package dev.hotpath.agent.deep;

import dev.hotpath.agent.export.AgentCounters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkDenyListTest {
    private static final String HOTSPOT = "OpenJDK 64-Bit Server VM";

    @ParameterizedTest(name = "{0} {1} denied={2}")
    @CsvSource({
        "OpenJDK 64-Bit Server VM, 17.0.9+9, true",
        "OpenJDK 64-Bit Server VM, 17.0.15+6-Debian-1deb12u1, true",
        "OpenJDK 64-Bit Server VM, 17.0.16+8, false",
        "OpenJDK 64-Bit Server VM, 19.0.2, true",
        "OpenJDK 64-Bit Server VM, 21+35, true",
        "OpenJDK 64-Bit Server VM, 21.0.1+12, true",
        "OpenJDK 64-Bit Server VM, 21.0.2+13, false",
        "OpenJDK 64-Bit Server VM, 25.0.3+9-LTS, false",
        "Eclipse OpenJ9 VM, 21.0.5+11, true",
    })
    void theShippedListNamesTheCrashingBuilds(String vm, String version, boolean denied) {
        assertEquals(denied, JdkDenyList.load().reason(vm, Runtime.Version.parse(version)).isPresent());
    }

    @Test
    void refusalsAreCountedAndTheOverrideIsToo() {
        AgentCounters counters = new AgentCounters();
        JdkDenyList list = JdkDenyList.load();
        Runtime.Version bad = Runtime.Version.parse("21.0.1");
        Optional<String> r = DeepProfiling.refusal(CanarySelectionTest.config(true, 0), "i", counters, list, HOTSPOT, bad, true, true);
        assertTrue(r.orElseThrow().contains("JDK-8313796"), r.toString());
        assertEquals(1, counters.get(AgentCounters.DEEP_REFUSED_JDK));

        DeepConfig override = new DeepConfig(true, true, 0, CanarySelectionTest.config(true, 0).modes(), 1000, 1000, 5, 1000,
                null, java.nio.file.Path.of("/tmp/x"), true);
        assertTrue(DeepProfiling.refusal(override, "i", counters, list, HOTSPOT, bad, true, true).isEmpty());
        assertEquals(1, counters.get(AgentCounters.DEEP_JDK_OVERRIDE));

        assertTrue(DeepProfiling.refusal(CanarySelectionTest.config(false, 0), "i", counters, list, HOTSPOT,
                Runtime.Version.parse("25"), true, true).orElseThrow().contains("not a canary"));
        assertEquals(1, counters.get(AgentCounters.DEEP_REFUSED_NOT_CANARY));
        assertTrue(DeepProfiling.refusal(CanarySelectionTest.config(true, 0), "i", counters, list, HOTSPOT,
                Runtime.Version.parse("25"), false, true).isPresent());
        assertEquals(1, counters.get(AgentCounters.DEEP_REFUSED_PLATFORM));
    }
}
