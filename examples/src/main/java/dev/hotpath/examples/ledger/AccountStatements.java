package dev.hotpath.examples.ledger;

import dev.hotpath.examples.json.JsonWriter;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Builds an account's statement: the account and its linked account, ten small prepared statements each (primary-key
 * or indexed lookups), so 20 queries on one pooled connection per request. Each statement shape runs twice per
 * request, below the agent's repeat threshold: this is an ordinary DB-heavy request, not an N+1.
 */
final class AccountStatements {
    private final DataSource dataSource;

    AccountStatements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The statement as JSON, or empty when the account does not exist. */
    Optional<String> statement(int accountId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            JsonWriter json = new JsonWriter().beginObject();
            Integer linked = account(c, accountId, json.name("account"));
            if (linked == null) {
                return Optional.empty();
            }
            account(c, linked, json.name("linked"));
            return Optional.of(json.endObject().toString());
        }
    }

    /** Writes one account's section; returns its linked account id, or null when it does not exist. */
    private static Integer account(Connection c, int id, JsonWriter json) throws SQLException {
        String currency;
        int branch;
        int customer;
        int linked;
        json.beginObject().field("id", id);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, currency, branch_id, customer_id, linked_id FROM account WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                json.field("name", rs.getString(1));
                currency = rs.getString(2);
                branch = rs.getInt(3);
                customer = rs.getInt(4);
                linked = rs.getInt(5);
            }
        }
        json.field("currency", currency);
        json.field("branch", text(c, "SELECT name FROM branch WHERE id = ?", branch));
        json.field("customer", text(c, "SELECT name FROM customer WHERE id = ?", customer));
        json.field("tier", text(c, "SELECT tier FROM customer WHERE id = ?", customer));
        json.field("balance", decimal(c, "SELECT COALESCE(SUM(amount), 0) FROM entry WHERE account_id = ?", id));
        json.field("debits", decimal(c, "SELECT COUNT(*) FROM entry WHERE account_id = ? AND amount < 0", id));
        json.field("lastBooked", text(c, "SELECT MAX(booked_on) FROM entry WHERE account_id = ?", id));
        json.field("dailyLimit", decimal(c, "SELECT daily_limit FROM account_limit WHERE account_id = ?", id));
        json.field("standingOrders", decimal(c, "SELECT COUNT(*) FROM standing_order WHERE account_id = ?", id));
        try (PreparedStatement ps = c.prepareStatement("SELECT rate FROM fx_rate WHERE currency = ?")) {
            ps.setString(1, currency);
            try (ResultSet rs = ps.executeQuery()) {
                json.field("eurRate", rs.next() ? rs.getBigDecimal(1).toPlainString() : null);
            }
        }
        json.endObject();
        return linked;
    }

    private static String text(Connection c, String sql, int key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String decimal(Connection c, String sql, int key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                BigDecimal value = rs.next() ? rs.getBigDecimal(1) : null;
                return value == null ? null : value.toPlainString();
            }
        }
    }
}
