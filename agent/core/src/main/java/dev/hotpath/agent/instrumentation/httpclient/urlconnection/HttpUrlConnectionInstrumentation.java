package dev.hotpath.agent.instrumentation.httpclient.urlconnection;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code java.net.HttpURLConnection} as the JDK implements it
 * ({@code sun.net.www.protocol.http.HttpURLConnection}; HTTPS delegates to a subclass of it, so the
 * same methods run). The span starts at the first of {@code connect}, {@code getOutputStream},
 * {@code getInputStream} — before any of them sets the connection's connecting flag, so
 * {@code traceparent} can still be added with {@code setRequestProperty} — and ends when
 * {@code getInputStream} returns or throws ({@code getResponseCode} and the header getters go
 * through it). These methods call each other; the hooks keep the outermost call only.
 */
public final class HttpUrlConnectionInstrumentation implements Instrumentation {
    public static final String IMPL = "sun.net.www.protocol.http.HttpURLConnection";

    @Override
    public String name() {
        return "httpclient.urlconnection";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        if (ClassLoader.getSystemClassLoader().getResource(IMPL.replace('.', '/') + ".class") == null) {
            AgentLog.info("HttpURLConnection not instrumented: " + IMPL + " is not in this JDK");
            return builder;
        }
        String prefix = HttpUrlConnectionInstrumentation.class.getName();
        return builder
                .type(named(IMPL))
                .transform(advice
                        .advice(namedOneOf("connect", "getOutputStream").and(isPublic()).and(takesArguments(0)),
                                prefix + "$ConnectAdvice")
                        .advice(named("getInputStream").and(isPublic()).and(takesArguments(0)),
                                prefix + "$GetInputStreamAdvice"));
    }

    public static class ConnectAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object connection) {
            return HotpathHooks.urlConnectionEnter(connection);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object connection, @Advice.Thrown Throwable error) {
            HotpathHooks.urlConnectionExit(token, connection, error, false);
        }
    }

    public static class GetInputStreamAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.This Object connection) {
            return HotpathHooks.urlConnectionEnter(connection);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.This Object connection, @Advice.Thrown Throwable error) {
            HotpathHooks.urlConnectionExit(token, connection, error, true);
        }
    }
}
