package dev.hotpath.examples.shop;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

/** Single-row lookups of products and customers: one query each. */
public final class CatalogRepository {
    private final DataSource dataSource;

    public CatalogRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Product> findProduct(int id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, name, category, price_cents FROM products WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Product(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
    }

    public Optional<Customer> findCustomer(int id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, name, email, tier FROM customers WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Customer(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
    }
}
