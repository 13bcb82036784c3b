package dev.hotpath.agent.instrumentation.httpclient.jdk;

import dev.hotpath.agent.AgentLog;
import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import java.net.http.HttpRequest;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * {@code java.net.http.HttpClient.send} and {@code sendAsync}. Every client the JDK builds is a
 * {@code jdk.internal.net.http.HttpClientFacade} (JDK 11 through 25) whose public methods are exactly
 * the API's and delegate to the internal implementation once, so instrumenting the facade gives one
 * span per call on any release. The request argument is replaced, before the facade reads it, by a
 * copy carrying {@code traceparent}: only public API is used for that (see JdkHttpClientSpans), so no
 * internal field or constructor that changes between releases is touched. A JDK without the facade
 * class is skipped with one line.
 */
public final class JdkHttpClientInstrumentation implements Instrumentation {
    public static final String FACADE = "jdk.internal.net.http.HttpClientFacade";

    @Override
    public String name() {
        return "httpclient.jdk";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        if (ClassLoader.getSystemClassLoader().getResource(FACADE.replace('.', '/') + ".class") == null) {
            AgentLog.info("java.net.http client not instrumented: " + FACADE + " is not in this JDK");
            return builder;
        }
        String prefix = JdkHttpClientInstrumentation.class.getName();
        return builder
                .type(named(FACADE))
                .transform(advice
                        .advice(named("send").and(isPublic()).and(takesArguments(2)).and(takesArgument(0, HttpRequest.class)),
                                prefix + "$SendAdvice")
                        .advice(named("sendAsync").and(isPublic()).and(takesArguments(2).or(takesArguments(3)))
                                .and(takesArgument(0, HttpRequest.class)), prefix + "$SendAsyncAdvice"));
    }

    public static class SendAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
            Object token = HotpathHooks.httpClientEnter(request);
            request = (HttpRequest) HotpathHooks.httpClientRequest(token, request);
            return token;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Return Object response, @Advice.Thrown Throwable error) {
            HotpathHooks.httpClientExit(token, response, error);
        }
    }

    public static class SendAsyncAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
            Object token = HotpathHooks.httpClientEnter(request);
            request = (HttpRequest) HotpathHooks.httpClientRequest(token, request);
            return token;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Return Object future, @Advice.Thrown Throwable error) {
            HotpathHooks.httpClientAsyncExit(token, future, error);
        }
    }
}
