package dev.hotpath.examples.e2e.apps;

import java.io.InputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.sql.Driver;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Creates N throwaway class loaders, each defining its own copy of {@link ChurnDriver} (an instrumented
 * type), uses the driver and drops the loader; then collects garbage and prints what came back: loaded
 * classes and metaspace against the baseline taken after a warm-up, and how many loaders are still
 * reachable (a weak reference to each one). Usage: {@code LoaderChurnApp <loaders>}.
 */
public final class LoaderChurnApp {
    private LoaderChurnApp() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        byte[] driverClass;
        try (InputStream in = LoaderChurnApp.class.getResourceAsStream("ChurnDriver.class")) {
            driverClass = in.readAllBytes();
        }
        churn(driverClass, 200, new ArrayList<>()); // warm-up: every class the agent and the JDK need is loaded
        settle(new ArrayList<>());
        long classesBefore = loadedClasses();
        long metaspaceBefore = metaspaceUsed();

        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        long calls = churn(driverClass, n, loaders);
        long classesDuring = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
        int alive = settle(loaders);
        long classesAfter = loadedClasses();
        long metaspaceAfter = metaspaceUsed();
        ClassLoadingMXBean cl = ManagementFactory.getClassLoadingMXBean();
        System.out.println("CHURN loaders=" + n + " calls=" + calls + " totalLoaded=" + classesDuring + " unloaded=" + cl.getUnloadedClassCount()
                + " classesBefore=" + classesBefore + " classesAfter=" + classesAfter
                + " metaspaceBefore=" + metaspaceBefore + " metaspaceAfter=" + metaspaceAfter + " loadersAlive=" + alive);
    }

    private static long churn(byte[] driverClass, int n, List<WeakReference<ClassLoader>> loaders) throws Exception {
        long calls = 0;
        Properties props = new Properties();
        for (int i = 0; i < n; i++) {
            ClassLoader loader = new OneClassLoader(driverClass);
            Driver driver = (Driver) loader.loadClass(ChurnDriver.class.getName()).getDeclaredConstructor().newInstance();
            if (driver.getClass() == ChurnDriver.class) {
                throw new IllegalStateException("the driver came from the application loader, not the throwaway one");
            }
            if (driver.acceptsURL("jdbc:churn:" + i) && driver.connect("jdbc:other:" + i, props) == null) {
                calls++;
            }
            loaders.add(new WeakReference<>(loader));
        }
        return calls;
    }

    /** Full GCs until every throwaway loader is gone (or 20 tries): returns how many are still reachable. */
    private static int settle(List<WeakReference<ClassLoader>> loaders) throws InterruptedException {
        int alive = loaders.size();
        for (int i = 0; i < 20 && alive > 0 || i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            alive = (int) loaders.stream().filter(r -> r.get() != null).count();
        }
        return alive;
    }

    private static long loadedClasses() {
        return ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
    }

    private static long metaspaceUsed() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                return pool.getUsage().getUsed();
            }
        }
        return -1;
    }

    /** Defines its own copy of ChurnDriver; everything else comes from the application loader. */
    private static final class OneClassLoader extends ClassLoader {
        private final byte[] driverClass;

        OneClassLoader(byte[] driverClass) {
            super("churn", LoaderChurnApp.class.getClassLoader());
            this.driverClass = driverClass;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(ChurnDriver.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, driverClass, 0, driverClass.length);
            }
        }
    }
}
