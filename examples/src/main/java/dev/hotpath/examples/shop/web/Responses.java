package dev.hotpath.examples.shop.web;

import dev.hotpath.examples.shop.ShopJson;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes complete JSON or text responses with an explicit Content-Length. */
final class Responses {
    private Responses() {
    }

    static void json(HttpServletResponse response, int status, String json) throws IOException {
        write(response, status, "application/json", json);
    }

    static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, ShopJson.error(status, message));
    }

    static void text(HttpServletResponse response, int status, String text) throws IOException {
        write(response, status, "text/plain", text);
    }

    private static void write(HttpServletResponse response, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
