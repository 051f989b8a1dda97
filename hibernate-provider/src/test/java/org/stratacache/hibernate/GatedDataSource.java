package org.stratacache.hibernate;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.stratacache.testsupport.H2;

/**
 * An H2 data source that counts the queries whose SQL contains a fragment and can hold the next such query
 * until the test releases it: a deterministic way to keep one database load in flight while other sessions
 * miss the same key.
 */
final class GatedDataSource implements DataSource {
    private final DataSource h2;
    private final String fragment;
    private final AtomicInteger matchingQueries = new AtomicInteger();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch lastGate;

    GatedDataSource(String database, String fragment) {
        h2 = H2.memory(database);
        this.fragment = fragment.toLowerCase(java.util.Locale.ROOT);
    }

    /** The next matching query blocks until {@link #open()}. */
    void closeGate() {
        CountDownLatch latch = new CountDownLatch(1);
        lastGate = latch;
        gate.set(latch);
    }

    void open() {
        gate.set(null);
        CountDownLatch latch = lastGate;
        if (latch != null) {
            latch.countDown();
        }
    }

    /** Waits until a query is held at the gate. */
    boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    int matchingQueries() {
        return matchingQueries.get();
    }

    void resetCount() {
        matchingQueries.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(h2.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(h2.getConnection(username, password));
    }

    private Connection wrap(Connection real) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(real, method, args);
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                    && sql.toLowerCase(java.util.Locale.ROOT).contains(fragment)) {
                return gated((PreparedStatement) result);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private PreparedStatement gated(PreparedStatement real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("executeQuery") && (args == null || args.length == 0)) {
                matchingQueries.incrementAndGet();
                CountDownLatch latch = gate.getAndSet(null);
                if (latch != null) {
                    held.countDown();
                    if (!latch.await(30, TimeUnit.SECONDS)) {
                        throw new SQLException("test gate was never opened");
                    }
                }
            }
            return invoke(real, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
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
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
