package dev.hotpath.examples.shop.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** Answers 503 with a hint: a feature whose dependency was not configured. */
public final class UnavailableServlet extends HttpServlet {
    private final String hint;

    public UnavailableServlet(String hint) {
        this.hint = hint;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Responses.error(response, 503, hint);
    }
}
