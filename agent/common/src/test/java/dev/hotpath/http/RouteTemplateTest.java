package dev.hotpath.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteTemplateTest {

    @Test
    void normalisesIds() {
        assertEquals("/customers/{id}/orders", RouteTemplate.fromPath("/customers/42/orders"));
        assertEquals("/customers/{id}/orders-fixed", RouteTemplate.fromPath("/customers/7/orders-fixed?x=1"));
        assertEquals("/files/{id}", RouteTemplate.fromPath("/files/3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assertEquals("/blobs/{id}", RouteTemplate.fromPath("/blobs/9f86d081884c7d659a2feaa0c55ad015"));
        assertEquals("/v1/orders", RouteTemplate.fromPath("/v1/orders"));
        assertEquals("/cart/{id}", RouteTemplate.fromPath("/cart/12;jsessionid=ABC123"));
        assertEquals("/", RouteTemplate.fromPath(""));
        assertEquals("/a/b", RouteTemplate.fromPath("//a//b/"));
    }

    @Test
    void acceptsTargetsAndFullUrlsFromOtherSdks() {
        assertEquals("/owners/{id}", RouteTemplate.fromPath("http://shop:8080/owners/7"));
        assertEquals("/owners/{id}", RouteTemplate.fromPath("/owners/7?page=2#top"));
        assertEquals("/", RouteTemplate.fromPath("https://shop"));
        assertEquals("/a/b:/c", RouteTemplate.fromPath("/a/b://c"), "only a leading scheme is a URL");
        assertEquals("/orders/{id}", RouteTemplate.fromPath("/orders/3F2504E0-4F89-11D3-9A0C-0305E82C3301"));
    }

    @Test
    void keepsWordsThatLookLikeHexButAreShort() {
        assertEquals("/cafe/beef", RouteTemplate.fromPath("/cafe/beef"));
    }

    @Test
    void boundsHostilePaths() {
        String route = RouteTemplate.fromPath("/x".repeat(10_000));
        assertTrue(route.length() <= RouteTemplate.MAX_LENGTH + 10, route);
        String long1 = RouteTemplate.fromPath("/" + "a".repeat(5000));
        assertTrue(long1.length() <= RouteTemplate.MAX_LENGTH + 10);
    }
}
