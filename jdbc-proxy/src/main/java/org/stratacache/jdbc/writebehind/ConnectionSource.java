package org.stratacache.jdbc.writebehind;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A minimal {@link DataSource} that opens plain (unproxied) connections to the real database: how the
 * write-behind engine gets connections of its own. Never exposed to applications.
 */
public final class ConnectionSource implements DataSource {
    private interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;

    private ConnectionSource(Opener opener) {
        this.opener = opener;
    }

    /** Connections from the real driver for the real URL and properties (password included, never logged). */
    public static DataSource of(Driver driver, String realUrl, Properties realProperties) {
        Properties copy = new Properties();
        copy.putAll(realProperties);
        return new ConnectionSource(() -> driver.connect(realUrl, copy));
    }

    /** Connections from the wrapped DataSource, with the given credentials when not null. */
    public static DataSource of(DataSource target, String user, String password) {
        return new ConnectionSource(user == null ? target::getConnection : () -> target.getConnection(user, password));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return opener.open();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a write-behind connection source has fixed credentials");
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
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    @Override
    public String toString() {
        return "ConnectionSource"; // never the URL with a password
    }
}
