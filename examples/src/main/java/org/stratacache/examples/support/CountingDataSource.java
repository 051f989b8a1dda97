package org.stratacache.examples.support;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * A DataSource over {@link DriverManager} that counts the statements that really reach the database, so an
 * example can show queries issued vs served from cache. Put it <em>under</em> Strata.
 */
public final class CountingDataSource implements DataSource {
    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final String url;
    private final String user;
    private final String password;
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();

    public CountingDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public long queries() {
        return queries.get();
    }

    public long updates() {
        return updates.get();
    }

    public void reset() {
        queries.set(0);
        updates.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(DriverManager.getConnection(url, user, password));
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        return counting(DriverManager.getConnection(url, username, pass));
    }

    private Connection counting(Connection real) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (result instanceof Statement statement) {
                        Class<?> type = method.getReturnType();
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                                countingStatement(statement));
                    }
                    return result;
                });
    }

    private InvocationHandler countingStatement(Statement real) {
        return (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName())) {
                if (method.getName().equals("executeQuery")) {
                    queries.incrementAndGet();
                } else if (method.getName().equals("execute")) {
                    queries.incrementAndGet();
                } else {
                    updates.incrementAndGet();
                }
            }
            return invoke(real, method, args);
        };
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
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
}
