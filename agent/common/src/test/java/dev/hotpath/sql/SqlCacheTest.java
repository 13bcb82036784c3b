package dev.hotpath.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqlCacheTest {

    @Test
    void hitReturnsSameInstance() {
        SqlCache cache = new SqlCache(16);
        SanitizedSql first = cache.get("SELECT * FROM t WHERE id = 1");
        SanitizedSql second = cache.get("SELECT * FROM t WHERE id = 1");
        SanitizedSql third = cache.get(new String("SELECT * FROM t WHERE id = 1".toCharArray()));
        assertSame(first, second);
        assertSame(first, third);
        assertEquals("SELECT * FROM t WHERE id = ?", first.text());
        assertEquals(2, cache.hits());
        assertEquals(1, cache.misses());
        assertEquals(0, cache.evictions());
        assertEquals(1, cache.size());
    }

    @Test
    void resultMatchesSanitizer() {
        SqlCache cache = new SqlCache(4);
        String sql = "insert into t values (1, 'a'), (2, 'b')";
        assertEquals(SqlSanitizer.sanitize(sql), cache.get(sql));
    }

    @Test
    void boundedUnderManyDistinctStatements() {
        SqlCache cache = new SqlCache(100);
        for (int k = 0; k < 10_000; k++) {
            cache.get("SELECT * FROM t WHERE id = " + k);
            assertTrue(cache.size() <= 100, "size " + cache.size() + " after " + k);
        }
        assertEquals(0, cache.hits());
        assertEquals(10_000, cache.misses());
        // every statement was inserted once: it is either still held or was evicted
        assertEquals(10_000, cache.evictions() + cache.size());
        assertTrue(cache.evictions() >= 9_900);
    }

    @Test
    void countersAcrossHitsMissesAndEvictions() {
        SqlCache cache = new SqlCache(2);
        cache.get("SELECT 1");           // miss, size 1
        cache.get("SELECT 1");           // hit
        cache.get("SELECT 2");           // miss, size 2
        cache.get("SELECT 2");           // hit
        cache.get("SELECT 3");           // miss, full: 2 evicted, size 1
        cache.get("SELECT 3");           // hit
        cache.get("SELECT 1");           // miss again, size 2
        assertEquals(3, cache.hits());
        assertEquals(4, cache.misses());
        assertEquals(2, cache.evictions());
        assertEquals(2, cache.size());
    }

    @Test
    void nullAndEmpty() {
        SqlCache cache = new SqlCache(4);
        assertEquals("", cache.get(null).text());
        assertEquals("", cache.get("").text());
        assertEquals("", cache.get("").text());
        assertEquals(1, cache.hits());
        assertEquals(2, cache.misses());
    }

    @Test
    void oversizedStatementsAreNotHeld() {
        SqlCache cache = new SqlCache(4, 100);
        String huge = "SELECT " + "a, ".repeat(100) + "b FROM t";
        SanitizedSql a = cache.get(huge);
        SanitizedSql b = cache.get(huge);
        assertNotSame(a, b);
        assertEquals(a, b);
        assertEquals(0, cache.size());
        assertEquals(2, cache.misses());
    }

    @Test
    void characterBudgetBoundsMemory() {
        SqlCache cache = new SqlCache(1000, 20_000);
        // budget is max(1000 * 1024, 2 * (20000 + 4099)) = 1,024,000 characters
        String pad = "x".repeat(15_000);
        for (int k = 0; k < 200; k++) {
            cache.get("SELECT '" + pad + "' FROM t" + k);
        }
        assertTrue(cache.size() < 200 && cache.size() > 0, "size " + cache.size());
        assertEquals(200, cache.evictions() + cache.size());
    }

    @Test
    void rejectsNonPositiveCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new SqlCache(0));
        assertThrows(IllegalArgumentException.class, () -> new SqlCache(-1));
    }

    @Test
    void concurrentUse() throws Exception {
        SqlCache cache = new SqlCache(64);
        int threads = 8;
        int callsPerThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger wrong = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    java.util.Random random = new java.util.Random(seed);
                    for (int k = 0; k < callsPerThread; k++) {
                        // a hot set of 32 statements plus a stream of one-offs that forces evictions
                        int id = random.nextInt(10) == 0 ? 1000 + random.nextInt(100_000) : random.nextInt(32);
                        SanitizedSql s = cache.get("SELECT c" + id + " FROM t WHERE id = " + k);
                        if (!s.text().equals("SELECT c" + id + " FROM t WHERE id = ?")) {
                            wrong.incrementAndGet();
                        }
                        if (cache.size() > 64) {
                            wrong.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, wrong.get());
        assertEquals((long) threads * callsPerThread, cache.hits() + cache.misses());
        assertTrue(cache.size() <= 64);
    }

    @Test
    void concurrentHitsShareOneInstance() throws Exception {
        SqlCache cache = new SqlCache(8);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<SanitizedSql>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    SanitizedSql last = null;
                    for (int k = 0; k < 1000; k++) {
                        last = cache.get("SELECT * FROM shared WHERE a = 1");
                    }
                    return last;
                }));
            }
            start.countDown();
            SanitizedSql first = futures.get(0).get(60, TimeUnit.SECONDS);
            for (Future<SanitizedSql> f : futures) {
                assertSame(first, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, cache.size());
        assertEquals(threads * 1000L, cache.hits() + cache.misses());
        assertTrue(cache.misses() <= threads);
    }
}
