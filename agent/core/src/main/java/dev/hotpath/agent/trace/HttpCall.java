package dev.hotpath.agent.trace;

import dev.hotpath.http.RouteTemplate;

import java.net.URI;
import java.net.URL;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One outbound HTTP call: what is known when it starts (set on the request's thread) and how it
 * ended. The end may be seen on another thread (an async response completes on the client's
 * executor) and after the trace was handed to the exporter, so it is written once and published
 * by the volatile {@link #done}: read {@code done} first, then the end fields.
 */
public final class HttpCall {
    public final String method;
    public final String serverAddress;
    public final int serverPort;          // -1 when neither the URL nor its scheme tells
    public final String urlTemplate;
    public final long requestBodySize;    // -1 when not known cheaply

    private final AtomicBoolean ending = new AtomicBoolean();
    public long endNanos;
    public int status;                    // 0: no response
    public long responseBodySize = -1;
    public String errorType;              // exception class, or the status code for >= 500
    public volatile boolean done;

    HttpCall(String method, String scheme, String host, int port, String rawPath, long requestBodySize) {
        this.method = method == null ? "_OTHER" : method;
        this.serverAddress = stripBrackets(host);
        this.serverPort = port >= 0 ? port : defaultPort(scheme);
        this.urlTemplate = RouteTemplate.fromPath(rawPath);
        this.requestBodySize = requestBodySize;
    }

    static HttpCall of(String method, URI uri, long requestBodySize) {
        return new HttpCall(method, uri.getScheme(), uri.getHost(), uri.getPort(), uri.getRawPath(), requestBodySize);
    }

    static HttpCall of(String method, URL url, long requestBodySize) {
        return new HttpCall(method, url.getProtocol(), url.getHost(), url.getPort(), url.getPath(), requestBodySize);
    }

    /** Records the end once; later calls (a second completion path) are ignored. Status >= 500 is an error. */
    boolean end(long endNanos, int status, long responseBodySize, String errorType) {
        if (!ending.compareAndSet(false, true)) {
            return false;
        }
        this.endNanos = endNanos;
        this.status = status;
        this.responseBodySize = responseBodySize;
        this.errorType = errorType == null && status >= 500 ? Integer.toString(status) : errorType;
        done = true;
        return true;
    }

    private static int defaultPort(String scheme) {
        if ("http".equalsIgnoreCase(scheme)) {
            return 80;
        }
        return "https".equalsIgnoreCase(scheme) ? 443 : -1;
    }

    private static String stripBrackets(String host) {
        if (host != null && host.length() > 2 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
            return host.substring(1, host.length() - 1); // IPv6 literal: server.address is the bare address
        }
        return host;
    }
}
