package dev.hotpath.collector.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RouteNormalizerTest {
    @Test
    void idsBecomePlaceholders() {
        assertEquals("/owners/{id}/pets", RouteNormalizer.normalize("/owners/42/pets"));
        assertEquals("/orders/{id}", RouteNormalizer.normalize("/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assertEquals("/blobs/{id}", RouteNormalizer.normalize("/blobs/0123456789abcdef0123"));
        assertEquals("/owners/{id}", RouteNormalizer.normalize("/owners/7?page=2#top"));
        assertEquals("/owners/{id}", RouteNormalizer.normalize("http://shop:8080/owners/7"));
        assertEquals("/v2/owners/find", RouteNormalizer.normalize("/v2/owners/find"));
        assertEquals("/cafe", RouteNormalizer.normalize("/cafe"));
        assertEquals("/", RouteNormalizer.normalize(""));
    }

    @Test
    void endpointUsesRouteThenNormalisedPathAndThePlaybookPath() {
        Span foreign = SpanNormalizer.normalize("0000000000000000000000000000abcd", "00000000000000b1", null, "HTTP PUT",
                SpanKind.SERVER, 0, 5, false, java.util.Map.of(), java.util.Map.of("http.method", "put", "http.target", "/a/12?x=y"));
        assertEquals(new Endpoint("PUT", "/a/{id}"), SpanNormalizer.endpointOf(foreign));
        assertEquals("submit", SpanNormalizer.endpointOf(foreign).path());
        assertEquals("access", new Endpoint("GET", "/a").path());
        assertEquals("submit", new Endpoint("DELETE", "/a").path());
    }
}
