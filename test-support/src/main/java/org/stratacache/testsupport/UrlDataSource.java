package org.stratacache.testsupport;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The smallest {@link DataSource} there is: every {@link #getConnection()} asks {@link DriverManager} for a new
 * connection to one JDBC URL with one user and password. No pool, nothing cached; the driver must be on the
 * class path (JDBC 4 drivers register themselves).
 *
 * @param url      the JDBC URL
 * @param user     the user, or null for none
 * @param password the password, or null for none
 */
public record UrlDataSource(String url, String user, String password) implements DataSource {

    public UrlDataSource {
        Objects.requireNonNull(url, "url");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password);
    }

    /** Runs each statement in turn on one new connection (auto-commit). */
    public void execute(String... sql) throws SQLException {
        try (Connection c = getConnection(); var s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** The first column of the first row of {@code sql} as a long (a count, a sum). */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = getConnection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql);
            }
            return rs.getLong(1);
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** The URL and user; never the password. */
    @Override
    public String toString() {
        return "UrlDataSource[" + url + ", user " + user + "]";
    }
}
