package dev.hotpath.examples.e2e.apps;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The smallest JDBC driver: the agent instruments {@code Driver.connect} of every implementation, so
 * {@link LoaderChurnApp} defines a fresh copy of this class in each throwaway class loader.
 */
public final class ChurnDriver implements Driver {
    @Override
    public Connection connect(String url, Properties info) {
        return null; // "not my URL": the JDBC contract for a driver asked about another one
    }

    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith("jdbc:churn:");
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }
}
