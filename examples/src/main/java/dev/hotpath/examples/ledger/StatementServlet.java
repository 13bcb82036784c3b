package dev.hotpath.examples.ledger;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;

/** {@code GET /accounts/{id}/statement}: 200 with the statement, 404 for an unknown account or path, 500 on SQL errors. */
final class StatementServlet extends HttpServlet {
    private final AccountStatements statements;

    StatementServlet(AccountStatements statements) {
        this.statements = statements;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int id = accountId(request.getPathInfo());
        if (id < 0) {
            write(response, 404, "{\"error\":\"expected /accounts/{id}/statement\"}");
            return;
        }
        try {
            Optional<String> statement = statements.statement(id);
            if (statement.isPresent()) {
                write(response, 200, statement.get());
            } else {
                write(response, 404, "{\"error\":\"no account " + id + "\"}");
            }
        } catch (SQLException e) {
            write(response, 500, "{\"error\":\"database error\"}");
        }
    }

    /** The id in {@code /{id}/statement}, or -1. */
    static int accountId(String pathInfo) {
        if (pathInfo == null || !pathInfo.endsWith("/statement")) {
            return -1;
        }
        String id = pathInfo.substring(1, pathInfo.length() - "/statement".length());
        if (id.isEmpty() || id.length() > 9) {
            return -1;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(id);
    }

    private static void write(HttpServletResponse response, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
