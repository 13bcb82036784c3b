package dev.hotpath.agent.instrumentation.server.httpserver;

import com.sun.net.httpserver.HttpExchange;
import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Inbound requests on the JDK's {@code com.sun.net.httpserver}: the server calls
 * {@code Filter.Chain.doFilter} for every exchange (filters, then the handler), so instrumenting the
 * chain covers handlers written as lambdas, which cannot be instrumented themselves. The outermost
 * call on the thread is the server span; there are no route templates, so the route is the
 * normalised path.
 */
public final class HttpServerInstrumentation implements Instrumentation {

    @Override
    public String name() {
        return "httpserver";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        return builder
                .type(named("com.sun.net.httpserver.Filter$Chain"))
                .transform(advice.advice(named("doFilter").and(takesArguments(1)),
                        HttpServerInstrumentation.class.getName() + "$DoFilterAdvice"));
    }

    public static class DoFilterAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(0) HttpExchange exchange) {
            if (HotpathHooks.serverActive()) {
                return null;
            }
            return HotpathHooks.serverEnter(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("traceparent"), exchange.getRequestHeaders().getFirst("tracestate"));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Argument(0) HttpExchange exchange,
                                @Advice.Thrown Throwable error) {
            if (token != null) {
                HotpathHooks.serverExit(token, exchange.getResponseCode(), null, error);
            }
        }
    }
}
