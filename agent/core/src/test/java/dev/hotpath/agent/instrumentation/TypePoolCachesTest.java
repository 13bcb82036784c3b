package dev.hotpath.agent.instrumentation;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matchers' type caches live while classes are being matched and are dropped once class loading has been
 * quiet for a while: the heap they hold (about 30 MB on the ledger service) is not kept for the JVM's lifetime.
 */
class TypePoolCachesTest {
    private static final long IDLE_SECONDS = 30;

    @Test
    void cachesAreDroppedOnceNoClassWasMatchedForTheIdlePeriod() {
        TypePoolCaches caches = new TypePoolCaches(TimeUnit.SECONDS.toMillis(IDLE_SECONDS));
        ClassLoader loader = TypePoolCachesTest.class.getClassLoader();
        TypePool pool = caches.typePool(ClassFileLocator.ForClassLoader.of(loader), loader);
        assertEquals("java.lang.Object", pool.describe(TypePoolCachesTest.class.getName()).resolve().getSuperClass().asErasure().getName());
        long usedAt = System.nanoTime();
        assertTrue(storage(caches, loader) > 0, "the described class is cached");

        assertFalse(caches.clearIfIdle(usedAt + TimeUnit.SECONDS.toNanos(IDLE_SECONDS - 5)), "still within the idle period");
        assertTrue(storage(caches, loader) > 0);

        assertTrue(caches.clearIfIdle(usedAt + TimeUnit.SECONDS.toNanos(IDLE_SECONDS + 1)));
        assertFalse(caches.clearIfIdle(usedAt + TimeUnit.SECONDS.toNanos(IDLE_SECONDS + 60)), "nothing new to drop");

        TypePool again = caches.typePool(ClassFileLocator.ForClassLoader.of(loader), loader);
        assertEquals(0, storage(caches, loader), "dropped");
        assertEquals(TypePoolCachesTest.class.getName(), again.describe(TypePoolCachesTest.class.getName()).resolve().getName(),
                "a class matched later is described again");
    }

    private static int storage(TypePoolCaches caches, ClassLoader loader) {
        return ((TypePool.CacheProvider.Simple) caches.locate(loader)).getStorage().size();
    }
}
