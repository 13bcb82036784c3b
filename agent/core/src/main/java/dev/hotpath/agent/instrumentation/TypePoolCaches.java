package dev.hotpath.agent.instrumentation;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Type descriptions cached per class loader while matching, so a class's super types are read once
 * rather than once per matcher: without it every loaded class costs about a millisecond. Loaders are
 * held weakly (class files are located through weak references too, see Instrumentations), and each
 * cache is cleared when it grows past a bound.
 */
final class TypePoolCaches extends AgentBuilder.PoolStrategy.WithTypePoolCache {
    private static final int MAX_TYPES_PER_LOADER = 4096;

    private final Map<ClassLoader, TypePool.CacheProvider> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
    private final TypePool.CacheProvider boot = TypePool.CacheProvider.Simple.withObjectType();

    TypePoolCaches() {
        super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected TypePool.CacheProvider locate(ClassLoader loader) {
        TypePool.CacheProvider provider = loader == null ? boot : byLoader.computeIfAbsent(loader, l -> new TypePool.CacheProvider.Simple());
        if (((TypePool.CacheProvider.Simple) provider).getStorage().size() > MAX_TYPES_PER_LOADER) {
            provider.clear();
        }
        return provider;
    }
}
