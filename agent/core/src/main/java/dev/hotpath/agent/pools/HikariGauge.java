package dev.hotpath.agent.pools;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;

/**
 * Reads a HikariCP pool through its public management interface (HikariPoolMXBean), by reflection
 * on each read so that no application class or class loader is held: active, idle, threads awaiting
 * a connection, and the configured maximum.
 */
final class HikariGauge implements PoolGauge {
    static final String DATA_SOURCE = "com.zaxxer.hikari.HikariDataSource";
    private static final String MX_BEAN = "com.zaxxer.hikari.HikariPoolMXBean";

    private final WeakReference<Object> dataSource;
    private final String name;

    private HikariGauge(Object dataSource, String name) {
        this.dataSource = new WeakReference<>(dataSource);
        this.name = name;
    }

    /** A gauge for a HikariDataSource (or subclass), or null for any other DataSource. */
    static HikariGauge of(Object dataSource) {
        if (!isHikari(dataSource.getClass())) {
            return null;
        }
        try {
            Object name = dataSource.getClass().getMethod("getPoolName").invoke(dataSource);
            return new HikariGauge(dataSource, name == null ? "HikariPool" : name.toString());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static boolean isHikari(Class<?> c) {
        for (; c != null; c = c.getSuperclass()) {
            if (DATA_SOURCE.equals(c.getName())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public PoolKind kind() {
        return PoolKind.CONNECTION;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean read(PoolReading into) {
        Object ds = dataSource.get();
        if (ds == null) {
            return false;
        }
        try {
            if (Boolean.TRUE.equals(ds.getClass().getMethod("isClosed").invoke(ds))) {
                return false;
            }
            into.max = ((Number) ds.getClass().getMethod("getMaximumPoolSize").invoke(ds)).intValue();
            Object pool = ds.getClass().getMethod("getHikariPoolMXBean").invoke(ds);
            if (pool == null) {
                return true; // not started yet (lazy pool): nothing to read this time
            }
            Class<?> mx = Class.forName(MX_BEAN, false, ds.getClass().getClassLoader());
            into.active = intOf(mx, pool, "getActiveConnections");
            into.idle = intOf(mx, pool, "getIdleConnections");
            into.pending = intOf(mx, pool, "getThreadsAwaitingConnection");
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false; // another Hikari version without these methods: stop sampling it
        }
    }

    private static int intOf(Class<?> mx, Object pool, String method) throws ReflectiveOperationException {
        Method m = mx.getMethod(method);
        return ((Number) m.invoke(pool)).intValue();
    }
}
