package dev.hotpath.agent.instrumentation;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.instrumentation.executor.ExecutorInstrumentation;
import dev.hotpath.agent.instrumentation.httpclient.apache.ApacheHttpClientInstrumentation;
import dev.hotpath.agent.instrumentation.httpclient.jdk.JdkHttpClientInstrumentation;
import dev.hotpath.agent.instrumentation.httpclient.okhttp.OkHttpInstrumentation;
import dev.hotpath.agent.instrumentation.httpclient.urlconnection.HttpUrlConnectionInstrumentation;
import dev.hotpath.agent.instrumentation.jdbc.JdbcInstrumentation;
import dev.hotpath.agent.instrumentation.server.httpserver.HttpServerInstrumentation;
import dev.hotpath.agent.instrumentation.server.servlet.JakartaServletInstrumentation;
import dev.hotpath.agent.instrumentation.server.servlet.JavaxServletInstrumentation;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.utility.JavaModule;

import java.util.ArrayList;
import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

/** Registers every instrumentation in one place and installs them with one AgentBuilder. */
public final class Instrumentations {
    private static final String JDK_HTTP_SERVER = "com.sun.net.httpserver.";
    /** The JDK's HTTP client classes we instrument (exact names; see their instrumentations). */
    private static final String[] JDK_HTTP_CLIENTS = {JdkHttpClientInstrumentation.FACADE, HttpUrlConnectionInstrumentation.IMPL};
    private Instrumentations() {
    }

    static List<Instrumentation> enabled(AgentConfig config) {
        List<Instrumentation> list = new ArrayList<>();
        if (config.jdbc()) {
            list.add(new JdbcInstrumentation());
        }
        if (config.servlet()) {
            list.add(new JakartaServletInstrumentation());
            list.add(new JavaxServletInstrumentation());
        }
        if (config.httpServer()) {
            list.add(new HttpServerInstrumentation());
        }
        if (config.httpClient()) {
            list.add(new JdkHttpClientInstrumentation());
            list.add(new HttpUrlConnectionInstrumentation());
            list.add(new ApacheHttpClientInstrumentation());
            list.add(new OkHttpInstrumentation());
        }
        if (config.executor()) {
            list.add(new ExecutorInstrumentation());
        }
        return list;
    }

    /**
     * Installs every enabled instrumentation; returns the upkeep to run now and then (on a thread the agent
     * already has): it frees the matchers' type caches once class loading has gone quiet.
     */
    public static Runnable install(java.lang.instrument.Instrumentation inst, AgentConfig config) {
        // We never inject initializers (class formats stay unchanged), but AgentBuilder's constructor
        // sets up Byte Buddy's Nexus, which pokes sun.misc.Unsafe and makes JDK 24+ print deprecation
        // warnings on the application's stderr. The property name is relocated with the shaded
        // library (dev.hotpath.shaded.net.bytebuddy...), so it concerns only our copy.
        if (System.getProperty(Nexus.PROPERTY) == null) {
            System.setProperty(Nexus.PROPERTY, "true");
        }
        TypePoolCaches typePools = new TypePoolCaches(config.typeCacheIdleMillis());
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // loaded classes are described from their Class object (cheap); new ones from class files
                .with(AgentBuilder.DescriptionStrategy.Default.HYBRID)
                .with(typePools)
                .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
                .with(new FailureListener())
                // Of the JDK's own classes only the HTTP server's, the HTTP clients' and the executors' are
                // instrumented; skipping the rest of its loaders keeps class loading cheap.
                .ignore(not(nameStartsWith(JDK_HTTP_SERVER).or(namedOneOf(JDK_HTTP_CLIENTS))
                                .or(namedOneOf(ExecutorInstrumentation.JDK_TYPES))),
                        isBootstrapClassLoader().or(isExtensionClassLoader()))
                // the agent's own packages, not everything under dev.hotpath (the examples are applications)
                .or(nameStartsWith("dev.hotpath.agent.").or(nameStartsWith("dev.hotpath.bootstrap."))
                        .or(nameStartsWith("dev.hotpath.shaded.")).or(nameStartsWith("dev.hotpath.sql."))
                        .or(nameStartsWith("dev.hotpath.http.")).or(nameStartsWith("dev.hotpath.code.")))
                .or(nameStartsWith("net.bytebuddy."))
                .or(nameStartsWith("jdk.internal.").and(not(namedOneOf(JDK_HTTP_CLIENTS))))
                .or(nameContains("$$Lambda"))
                .or(isSynthetic());
        AgentBuilder.Transformer.ForAdvice advice = new AgentBuilder.Transformer.ForAdvice()
                .include(Instrumentations.class.getClassLoader());
        List<String> names = new ArrayList<>();
        for (Instrumentation instrumentation : enabled(config)) {
            builder = instrumentation.extend(builder, advice);
            names.add(instrumentation.name());
        }
        if (config.executor()) {
            loadBootClasses(ExecutorInstrumentation.JDK_TYPES);
        }
        // JDK classes live in named modules, which must be made to read the hooks' (unnamed) module.
        builder.assureReadEdgeTo(inst, HotpathHooks.class).installOn(inst);
        AgentLog.debug("instrumentations installed: " + names);
        return () -> {
            if (typePools.clearIfIdle(System.nanoTime())) {
                AgentLog.debug("class loading quiet for " + config.typeCacheIdleMillis() + " ms: matcher type caches dropped");
            }
        };
    }

    /**
     * Loads (without initialising) JDK classes we instrument, so that installation retransforms them:
     * one first loaded by the installation itself (JDK 25 loads ForkJoinPool there) would be seen by
     * neither the retransformation nor, being loaded inside our own transformer, the transformer.
     */
    private static void loadBootClasses(String[] names) {
        for (String name : names) {
            try {
                Class.forName(name, false, null);
            } catch (ClassNotFoundException | LinkageError absent) {
                // e.g. java.lang.VirtualThread before JDK 21
            }
        }
    }

    /** A class that does not fit our advice (another library version) is skipped with one line. */
    static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
            AgentLog.warnRateLimited("transform:" + typeName, "not instrumenting " + typeName + ": " + throwable);
        }

        @Override
        public void onTransformation(TypeDescription typeDescription, ClassLoader classLoader, JavaModule module,
                                     boolean loaded, net.bytebuddy.dynamic.DynamicType dynamicType) {
            AgentLog.debug("instrumented " + typeDescription.getName());
        }
    }
}
