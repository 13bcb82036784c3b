package dev.hotpath.examples.shop.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The positive id of a {@code /<feature>/{id}} request, or an error response already written. */
final class IdRequest {
    private IdRequest() {
    }

    /** @return the id, or -1 after answering 404 / 400 */
    static int id(HttpServletRequest request, HttpServletResponse response, String what) throws IOException {
        String path = request.getPathInfo();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            Responses.error(response, 404, "not found");
            return -1;
        }
        int id = PathId.parse(path.substring(1));
        if (id < 0) {
            Responses.error(response, 400, what + " id must be a positive integer");
        }
        return id;
    }
}
