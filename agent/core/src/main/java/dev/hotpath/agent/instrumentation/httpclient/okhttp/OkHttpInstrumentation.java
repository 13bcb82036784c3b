package dev.hotpath.agent.instrumentation.httpclient.okhttp;

import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.agent.instrumentation.LoaderSees;
import dev.hotpath.agent.instrumentation.VersionMismatch;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * OkHttp 3.x, 4.x and 5.x through public API only, never the internal call and chain classes
 * (which moved from {@code okhttp3.RealCall} to {@code okhttp3.internal.connection.RealCall} and
 * changed shape between releases):
 * <ul>
 *   <li>{@code OkHttpClient.newCall(Request)}: the span starts and, the request being immutable, the
 *       argument is replaced by {@code request.newBuilder().header("traceparent", ...).build()}
 *       before the call object captures it (unless it carries one already). The returned call is
 *       remembered (weakly) with its span.</li>
 *   <li>{@code execute()} of any {@code okhttp3.Call} implementation: the span ends with its
 *       response or exception ({@code enqueue} only when it throws).</li>
 *   <li>{@code onResponse(Call, Response)} / {@code onFailure(Call, IOException)} of any
 *       {@code okhttp3.Callback} implementation: an enqueued call's span ends when its callback
 *       runs, on the dispatcher's thread.</li>
 * </ul>
 * A call made and never run leaves its span unfinished (reported as such when the request ends);
 * a {@code clone()} is not a new call through {@code newCall} and gets no span of its own. An
 * OkHttpClient without {@code newCall(Request)} is skipped with one line.
 */
public final class OkHttpInstrumentation implements Instrumentation {
    static final String CLIENT = "okhttp3.OkHttpClient";

    @Override
    public String name() {
        return "httpclient.okhttp";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        LoaderSees library = LoaderSees.type(CLIENT);
        String prefix = OkHttpInstrumentation.class.getName();
        ElementMatcher.Junction<MethodDescription> newCall = named("newCall").and(takesArguments(1))
                .and(takesArgument(0, named("okhttp3.Request"))).and(returns(named("okhttp3.Call")));
        return builder
                .type(named(CLIENT).and(not(declaresMethod(newCall))), library)
                .transform(new VersionMismatch(name(), "newCall(Request)"))
                .type(named(CLIENT), library)
                .transform(advice.advice(newCall, prefix + "$NewCallAdvice"))
                .type(not(isInterface()).and(hasSuperType(named("okhttp3.Call"))), library)
                .transform(advice
                        .advice(named("execute").and(takesArguments(0)).and(not(isAbstract())), prefix + "$ExecuteAdvice")
                        .advice(named("enqueue").and(takesArguments(1)).and(takesArgument(0, named("okhttp3.Callback")))
                                .and(not(isAbstract())), prefix + "$EnqueueAdvice"))
                .type(not(isInterface()).and(hasSuperType(named("okhttp3.Callback"))), library)
                .transform(advice
                        .advice(named("onResponse").and(takesArguments(2)).and(takesArgument(0, named("okhttp3.Call")))
                                .and(takesArgument(1, named("okhttp3.Response"))).and(not(isAbstract())), prefix + "$OnResponseAdvice")
                        .advice(named("onFailure").and(takesArguments(2)).and(takesArgument(0, named("okhttp3.Call")))
                                .and(takesArgument(1, named("java.io.IOException"))).and(not(isAbstract())), prefix + "$OnFailureAdvice"));
    }

    public static class NewCallAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(value = 0, readOnly = false) Request request) {
            HttpUrl url = request.url();
            long bodySize = -1;
            try {
                bodySize = request.body() != null ? request.body().contentLength() : -1; // -1: streamed, unknown
            } catch (java.io.IOException | RuntimeException ignored) {
                // a body that cannot tell its size is recorded without one
            }
            Object token = HotpathHooks.httpClientStart(request.method(), url.scheme(), url.host(), url.port(),
                    url.encodedPath(), bodySize, request.header("traceparent"), request.header("tracestate"));
            String header = HotpathHooks.httpClientTraceparent(token);
            if (header != null) {
                Request.Builder copy = request.newBuilder().header("traceparent", header);
                String state = HotpathHooks.httpClientTracestate(token);
                if (state != null) {
                    copy.header("tracestate", state);
                }
                request = copy.build();
            }
            return token;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Return Object call, @Advice.Thrown Throwable error) {
            HotpathHooks.httpClientPending(token, call, error);
        }
    }

    public static class ExecuteAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object call, @Advice.Return Object response, @Advice.Thrown Throwable error) {
            if (response instanceof Response) {
                Response r = (Response) response;
                ResponseBody body = r.body();
                HotpathHooks.httpClientCallEnd(call, r.code(), body != null ? body.contentLength() : -1, null);
            } else {
                HotpathHooks.httpClientCallEnd(call, 0, -1, error);
            }
        }
    }

    public static class EnqueueAdvice {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.This Object call, @Advice.Thrown Throwable error) {
            if (error != null) {
                HotpathHooks.httpClientCallEnd(call, 0, -1, error);
            }
        }
    }

    public static class OnResponseAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object call, @Advice.Argument(1) Response response) {
            ResponseBody body = response.body();
            HotpathHooks.httpClientCallEnd(call, response.code(), body != null ? body.contentLength() : -1, null);
        }
    }

    public static class OnFailureAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.Argument(0) Object call, @Advice.Argument(1) Throwable error) {
            HotpathHooks.httpClientCallEnd(call, 0, -1, error);
        }
    }
}
