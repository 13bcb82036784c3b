package dev.hotpath.agent.deep;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Loads async-profiler from the agent jar, once per JVM, on the deep-mode thread (never in premain).
 *
 * <p>Why not shade it: JNI binds {@code native} methods by class name ({@code Java_one_profiler_AsyncProfiler_*}),
 * so the class must stay {@code one.profiler.AsyncProfiler}; but an unrelocated class on the agent's class path
 * would be visible to, and could clash with, the application's own copy. So the jar carries the classes as
 * resources ({@code .class.bin}) and this class defines them in a private module layer (automatic module
 * {@code hotpath.asprof}, its own loader, parent: the platform loader): the JNI names match, the app never sees
 * the classes, and on JDK 22+ {@code ModuleLayer.Controller.enableNativeAccess} grants native access to that
 * module only when the agent itself has it ({@code --enable-native-access=ALL-UNNAMED}); without that flag
 * JDK 24+ prints its one-time "restricted method" warning when the first window loads the library (no API
 * can grant native access without holding it; README says so). The app's own native-access rules are
 * never changed. The library is extracted to a private temp directory (owner-only) and unlinked as soon as it is
 * loaded: the mapping stays valid, nothing is left on disk, even after a crash.
 */
final class AsyncProfilerLibrary implements NativeProfiler {
    private static final String BASE = "/dev/hotpath/agent/deep/asprof/";
    private static final String[] CLASSES = {"AsyncProfilerMXBean", "Counter", "Events", "AsyncProfiler"};
    private static final String MODULE = "hotpath.asprof";

    private final Object profiler;
    private final Method execute;
    private final String version;

    private AsyncProfilerLibrary(Object profiler, Method execute, String version) {
        this.profiler = profiler;
        this.execute = execute;
        this.version = version;
    }

    /** linux-x64 or linux-arm64; null where no library is shipped. */
    static String platform() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        switch (System.getProperty("os.arch", "")) {
            case "amd64": case "x86_64":
                return "linux-x64";
            case "aarch64": case "arm64":
                return "linux-arm64";
            default:
                return null;
        }
    }

    static AsyncProfilerLibrary load() throws Exception {
        String platform = platform();
        if (platform == null) {
            throw new UnsupportedOperationException("no async-profiler library for " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + " (shipped: linux-x64, linux-arm64)");
        }
        Path dir = Files.createTempDirectory("hotpath-deep-");
        Path jar = dir.resolve(MODULE + ".jar");
        Path lib = dir.resolve("libasyncProfiler.so");
        dir.toFile().deleteOnExit();
        jar.toFile().deleteOnExit();
        lib.toFile().deleteOnExit();
        try {
            writeClassesJar(jar);
            copy(BASE + platform + "/libasyncProfiler.so", lib);
            ClassLoader loader = privateLayerLoader(jar);
            Class<?> cls = null;
            for (String name : CLASSES) {
                cls = Class.forName("one.profiler." + name, true, loader); // all now: the jar is deleted below
            }
            Object profiler = cls.getMethod("getInstance", String.class).invoke(null, lib.toString());
            Method execute = cls.getMethod("execute", String.class);
            String version = String.valueOf(cls.getMethod("getVersion").invoke(profiler));
            return new AsyncProfilerLibrary(profiler, execute, version);
        } finally {
            Files.deleteIfExists(lib);
            Files.deleteIfExists(jar);
            Files.deleteIfExists(dir);
        }
    }

    private static ClassLoader privateLayerLoader(Path jar) throws Exception {
        ModuleFinder finder = ModuleFinder.of(jar);
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(MODULE));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(cf, List.of(ModuleLayer.boot()),
                ClassLoader.getPlatformClassLoader());
        Module module = controller.layer().findModule(MODULE).orElseThrow();
        try {
            // JDK 22+ (compiled for 17, so reflectively). enableNativeAccess is itself restricted: calling it
            // without native access would print the very warning it avoids, so only pass on what we have.
            if ((Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(AsyncProfilerLibrary.class.getModule())) {
                ModuleLayer.Controller.class.getMethod("enableNativeAccess", Module.class).invoke(controller, module);
            }
        } catch (NoSuchMethodException older) {
            // JDK 17-21: no native-access checks
        }
        return controller.layer().findLoader(MODULE);
    }

    private static void writeClassesJar(Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : CLASSES) {
                out.putNextEntry(new JarEntry("one/profiler/" + name + ".class"));
                try (InputStream in = resource(BASE + "one/profiler/" + name + ".class.bin")) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        try (InputStream in = resource(resource); OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = AsyncProfilerLibrary.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is missing from the agent jar");
        }
        return in;
    }

    String version() {
        return version;
    }

    @Override
    public String execute(String command) throws Exception {
        try {
            return (String) execute.invoke(profiler, command);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof Exception ex ? ex : e;
        }
    }
}
