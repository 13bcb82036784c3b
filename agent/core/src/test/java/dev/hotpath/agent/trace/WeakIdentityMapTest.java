package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeakIdentityMapTest {

    /** Equal but distinct keys must not share state: statements of two connections may be equal(). */
    @Test
    void keysByIdentityNotEquality() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>(10);
        String a = new String("same");
        String b = new String("same");
        map.put(a, "A");
        assertEquals("A", map.get(a));
        assertNull(map.get(b));
    }

    @Test
    void boundedAndCountsWhatDoesNotFit() {
        WeakIdentityMap<Integer> map = new WeakIdentityMap<>(3);
        Object[] keys = new Object[5];
        for (int i = 0; i < 5; i++) {
            keys[i] = new Object();
            map.put(keys[i], i);
        }
        assertEquals(3, map.size());
        assertEquals(2, map.rejected());
    }

    @Test
    void aFullMapStillUpdatesWhatItHolds() {
        WeakIdentityMap<String> map = new WeakIdentityMap<>(1);
        Object held = new Object();
        map.put(held, "started");
        map.put(held, "ended");
        assertEquals("ended", map.get(held));
        map.put(new Object(), "new");
        assertEquals(1, map.size());
        assertEquals(1, map.rejected(), "only the new key is refused");
    }

    @Test
    void releasesCollectedKeys() throws InterruptedException {
        WeakIdentityMap<byte[]> map = new WeakIdentityMap<>(1000);
        for (int i = 0; i < 100; i++) {
            map.put(new Object(), new byte[16]);
        }
        for (int i = 0; i < 50 && map.size() > 0; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(map.size() < 100, "collected keys are purged");
    }
}
