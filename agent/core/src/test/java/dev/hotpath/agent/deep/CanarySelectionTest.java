package dev.hotpath.agent.deep;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanarySelectionTest {

    static DeepConfig config(Boolean canary, double fraction) {
        return new DeepConfig(true, canary, fraction, List.of(DeepMode.values()), 1000, 1000, 5, 60_000, null,
                Path.of("/tmp/unused"), false);
    }

    @Test
    void explicitFlagWins() {
        assertTrue(CanarySelection.decide(config(true, 0), "any").canary());
        assertFalse(CanarySelection.decide(config(false, 1), "any").canary());
    }

    @Test
    void withoutFlagOrFractionNoInstanceIsACanary() {
        assertFalse(CanarySelection.decide(config(null, 0), "pod-1").canary());
    }

    @Test
    void fractionChoosesAStableShareOfInstances() {
        int chosen = 0;
        for (int i = 0; i < 2000; i++) {
            String id = "shop-" + i;
            boolean c = CanarySelection.decide(config(null, 0.05), id).canary();
            assertEquals(c, CanarySelection.decide(config(null, 0.05), id).canary(), "same id, same choice");
            chosen += c ? 1 : 0;
        }
        assertTrue(chosen > 60 && chosen < 140, "about 5% of 2000: " + chosen);
        assertTrue(CanarySelection.decide(config(null, 1.0), "x").canary(), "fraction 1 selects everyone");
    }

    @Test
    void positionIsTheSha256OfTheId() {
        // SHA-256("shop-1") starts 0x0e9c...: a fixed value, the same in every JVM and language
        double p = CanarySelection.position("shop-1");
        assertEquals(p, CanarySelection.position("shop-1"));
        assertTrue(p >= 0 && p < 1);
        String expected = String.format("%.6f", Long.parseUnsignedLong(sha256Prefix("shop-1"), 16) / Math.pow(2, 64));
        assertEquals(expected, String.format("%.6f", p));
    }

    private static String sha256Prefix(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
