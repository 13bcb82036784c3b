package dev.hotpath.agent.trace;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpCallTest {

    @Test
    void describesTheCallFromItsUrl() throws Exception {
        HttpCall c = HttpCall.of("GET", URI.create("http://shop.internal/customers/42/orders?page=2"), -1);
        assertEquals("shop.internal", c.serverAddress);
        assertEquals(80, c.serverPort, "the scheme's default port");
        assertEquals("/customers/{id}/orders", c.urlTemplate, "ids normalised, query dropped");
        assertEquals(443, HttpCall.of("POST", URI.create("https://api.example.com/v1/pay"), 10).serverPort);
        assertEquals(8443, HttpCall.of("GET", new URL("https://[::1]:8443/a"), -1).serverPort);
        assertEquals("::1", HttpCall.of("GET", new URL("https://[::1]:8443/a"), -1).serverAddress, "IPv6 without brackets");
        assertEquals("/", HttpCall.of("GET", URI.create("http://h:1"), -1).urlTemplate);
        assertEquals("_OTHER", HttpCall.of(null, URI.create("http://h/"), -1).method);
    }

    @Test
    void endsOnceAndMarksServerErrors() {
        HttpCall c = HttpCall.of("GET", URI.create("http://h/x"), -1);
        assertFalse(c.done);
        assertTrue(c.end(5, 503, 12, null));
        assertFalse(c.end(9, 200, 0, null), "a second completion path is ignored");
        assertTrue(c.done);
        assertEquals(503, c.status);
        assertEquals("503", c.errorType, "status >= 500 is an error; its type is the status code");
        assertEquals(5, c.endNanos);

        HttpCall notFound = HttpCall.of("GET", URI.create("http://h/x"), -1);
        notFound.end(5, 404, -1, null);
        assertNull(notFound.errorType, "a 4xx is an answer, not a failure of the call");

        HttpCall refused = HttpCall.of("GET", URI.create("http://h/x"), -1);
        refused.end(5, 0, -1, "java.net.ConnectException");
        assertEquals("java.net.ConnectException", refused.errorType);
    }

    @Test
    void errorTypeLooksThroughFutureWrappers() {
        Throwable timeout = new java.net.http.HttpTimeoutException("request timed out");
        assertEquals("java.net.http.HttpTimeoutException", HttpClientSpans.errorType(new CompletionException(timeout)));
        assertEquals("java.net.http.HttpTimeoutException", HttpClientSpans.errorType(new ExecutionException(new CompletionException(timeout))));
        assertEquals("java.util.concurrent.CompletionException", HttpClientSpans.errorType(new CompletionException(null)));
    }
}
