package dev.hotpath.agent.instrumentation.httpclient.apache;

import dev.hotpath.agent.instrumentation.Instrumentation;
import dev.hotpath.agent.instrumentation.LoaderSees;
import dev.hotpath.agent.instrumentation.VersionMismatch;
import dev.hotpath.bootstrap.HotpathHooks;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Apache HttpClient 5 classic. Every {@code CloseableHttpClient.execute} overload (with or without a
 * response handler, target host or context) funnels into {@code doExecute(HttpHost,
 * ClassicHttpRequest, HttpContext)} once, implemented by the built clients ({@code InternalHttpClient},
 * {@code MinimalHttpClient}) and by any subclass an application wraps around them; the call-depth
 * guard keeps the outermost one. The request is mutable: {@code traceparent} is set on it before it
 * is executed, unless it already has one. A response handler runs after {@code doExecute} returned,
 * so a call it makes is a span of its own. A CloseableHttpClient without that method (another major
 * version) is skipped with one line.
 */
public final class ApacheHttpClientInstrumentation implements Instrumentation {
    static final String CLIENT = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";

    @Override
    public String name() {
        return "httpclient.apache";
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder, AgentBuilder.Transformer.ForAdvice advice) {
        LoaderSees library = LoaderSees.type(CLIENT);
        ElementMatcher.Junction<MethodDescription> doExecute = named("doExecute").and(takesArguments(3))
                .and(takesArgument(0, named("org.apache.hc.core5.http.HttpHost")))
                .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest")))
                .and(takesArgument(2, named("org.apache.hc.core5.http.protocol.HttpContext")));
        return builder
                .type(named(CLIENT).and(not(declaresMethod(doExecute))), library)
                .transform(new VersionMismatch(name(), "doExecute(HttpHost, ClassicHttpRequest, HttpContext)"))
                .type(not(isInterface()).and(not(named(CLIENT))).and(hasSuperType(named(CLIENT))), library)
                .transform(advice.advice(doExecute.and(not(isAbstract())),
                        ApacheHttpClientInstrumentation.class.getName() + "$DoExecuteAdvice"));
    }

    public static class DoExecuteAdvice {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static Object enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
            URIAuthority authority = request.getAuthority();
            Header traceparent = request.getFirstHeader("traceparent");
            Header tracestate = request.getFirstHeader("tracestate");
            Object token = HotpathHooks.httpClientStart(request.getMethod(),
                    target != null ? target.getSchemeName() : request.getScheme(),
                    target != null ? target.getHostName() : authority != null ? authority.getHostName() : null,
                    target != null ? target.getPort() : authority != null ? authority.getPort() : -1,
                    request.getPath(),
                    request.getEntity() != null ? request.getEntity().getContentLength() : -1,
                    traceparent != null ? traceparent.getValue() : null,
                    tracestate != null ? tracestate.getValue() : null);
            String header = HotpathHooks.httpClientTraceparent(token);
            if (header != null) {
                request.setHeader("traceparent", header);
                String state = HotpathHooks.httpClientTracestate(token);
                if (state != null) {
                    request.setHeader("tracestate", state);
                }
            }
            return token;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        public static void exit(@Advice.Enter Object token, @Advice.Return Object response, @Advice.Thrown Throwable error) {
            int status = 0;
            long size = -1;
            if (token != null && response instanceof ClassicHttpResponse) {
                ClassicHttpResponse r = (ClassicHttpResponse) response;
                status = r.getCode();
                HttpEntity entity = r.getEntity();
                size = entity != null ? entity.getContentLength() : -1;
            }
            HotpathHooks.httpClientEnd(token, status, size, error);
        }
    }
}
