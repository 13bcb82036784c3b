package dev.hotpath.examples.shop.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The default mapping: any path no other servlet claims is a JSON 404, whatever the method. */
public final class NotFoundServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.error(response, 404, "not found");
    }
}
