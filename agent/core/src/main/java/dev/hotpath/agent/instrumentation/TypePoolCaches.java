package dev.hotpath.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Type descriptions cached per class loader while matching, so a class's super types are read once
 * rather than once per matcher: without it every loaded class costs about a millisecond. Loaders are
 * held weakly (class files are located through weak references too, see Instrumentations), and each
 * cache is cleared when it grows past a bound. {@code java.*} types (only the JDK may define them) are
 * described once for all loaders by a shared parent pool: without it, every class a fresh loader defines
 * (plugins, scripts, redeployed apps) re-read {@code java.sql.Driver}, {@code Object} and the rest of its
 * JDK super types, about 5 ms of CPU per class (measured by LoaderChurnIT). Once no class has been matched
 * for {@code typecache.idle} (10 s: start-up is over), every cache is dropped: the parsed descriptions of a few
 * thousand classes are about 30 MB of heap the application would otherwise keep for good; a class loaded
 * later is described again (about a millisecond).
 */
final class TypePoolCaches extends AgentBuilder.PoolStrategy.WithTypePoolCache {
    private static final int MAX_TYPES_PER_LOADER = 4096;

    private final long idleNanos;
    private final Map<ClassLoader, TypePool.CacheProvider> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
    private final TypePool.CacheProvider boot = TypePool.CacheProvider.Simple.withObjectType();

    private volatile long lastUseNanos = System.nanoTime();
    private volatile boolean filled;

    private final TypePool jdkTypes = new JdkTypes(new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(),
            ClassFileLocator.ForClassLoader.of(ClassLoader.getPlatformClassLoader()), TypePool.Default.ReaderMode.FAST));

    TypePoolCaches(long idleMillis) {
        super(TypePool.Default.ReaderMode.FAST);
        this.idleNanos = idleMillis * 1_000_000L;
    }

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
        return new TypePool.Default.WithLazyResolution(locate(classLoader), classFileLocator, readerMode, jdkTypes);
    }

    @Override
    public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
        return typePool(classFileLocator, classLoader);
    }

    /** Resolves {@code java.*} names only (from the platform loader, which sees the boot loader's); anything else is left to the loader's own pool. */
    private static final class JdkTypes implements TypePool {
        private final TypePool.Default delegate;

        JdkTypes(TypePool.Default delegate) {
            this.delegate = delegate;
        }

        @Override
        public Resolution describe(String name) {
            return name.startsWith("java.") ? delegate.describe(name) : new Resolution.Illegal(name);
        }

        @Override
        public void clear() {
            delegate.clear();
        }
    }

    /** Drops every cached description when none was needed for the idle period; true when it did. */
    boolean clearIfIdle(long nowNanos) {
        if (!filled || nowNanos - lastUseNanos < idleNanos) {
            return false;
        }
        filled = false;
        synchronized (byLoader) {
            byLoader.values().forEach(TypePool.CacheProvider::clear);
        }
        boot.clear();
        jdkTypes.clear();
        return true;
    }

    @Override
    protected TypePool.CacheProvider locate(ClassLoader loader) {
        lastUseNanos = System.nanoTime();
        filled = true;
        TypePool.CacheProvider provider = loader == null ? boot : byLoader.computeIfAbsent(loader, l -> new TypePool.CacheProvider.Simple());
        if (((TypePool.CacheProvider.Simple) provider).getStorage().size() > MAX_TYPES_PER_LOADER) {
            provider.clear();
        }
        return provider;
    }
}
