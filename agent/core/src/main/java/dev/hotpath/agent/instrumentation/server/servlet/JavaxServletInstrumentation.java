package dev.hotpath.agent.instrumentation.server.servlet;

import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.agent.instrumentation.LoaderSees;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

/**
 * Inbound requests on the javax.servlet API (Tomcat, Jetty, Undertow, Spring MVC): the outermost
 * {@code Servlet.service} or {@code Filter.doFilter} on the thread is the server span. The route is
 * Spring MVC's best-matching pattern when present, else the normalised path. (The javax and jakarta
 * variants differ only in their imports: each advice must be compiled against its own API.)
 */
public final class JavaxServletInstrumentation implements Instrumentation {

    @Override
    public String name() {
        return "servlet-javax";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        LoaderSees servletApi = LoaderSees.type("javax.servlet.Servlet");
        String adviceName = JavaxServletInstrumentation.class.getName() + "$ServiceAdvice";
        return builder
                .type(not(isInterface()).and(hasSuperType(named("javax.servlet.Servlet"))), servletApi)
                .transform(advice.advice(named("service").and(not(isAbstract()))
                        .and(takesArgument(0, named("javax.servlet.ServletRequest"))
                                .or(takesArgument(0, named("javax.servlet.http.HttpServletRequest")))), adviceName))
                .type(not(isInterface()).and(hasSuperType(named("javax.servlet.Filter"))), servletApi)
                .transform(advice.advice(named("doFilter").and(not(isAbstract()))
                        .and(takesArgument(0, named("javax.servlet.ServletRequest"))), adviceName));
    }

    public static class ServiceAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(0) ServletRequest request) {
            if (HotpathHooks.serverActive() || !(request instanceof HttpServletRequest)) {
                return null;
            }
            HttpServletRequest http = (HttpServletRequest) request;
            return HotpathHooks.serverEnter(http.getMethod(), http.getRequestURI(),
                    http.getHeader("traceparent"), http.getHeader("tracestate"));
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Argument(0) ServletRequest request,
                                @Advice.Argument(1) ServletResponse response, @Advice.Thrown Throwable error) {
            if (token == null) {
                return;
            }
            int status = 0; // unknown: an escaping exception then counts as the 500 the container sends
            if (response instanceof HttpServletResponse && (error == null || response.isCommitted())) {
                status = ((HttpServletResponse) response).getStatus();
            }
            Object route = request.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
            HotpathHooks.serverExit(token, status, route instanceof String ? (String) route : null, error);
        }
    }
}
