package org.stratacache.jdbc.proxy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;

/**
 * The mechanism shared by every Strata JDBC proxy: forwarding to the delegate with the delegate's own
 * exception rethrown unchanged (same object: class, SQLState, vendor code, chain), and the
 * {@code Object} and {@link java.sql.Wrapper} methods handled once for all proxy kinds.
 *
 * @param <T> the JDBC interface proxied
 */
abstract class DelegatingHandler<T> implements InvocationHandler {
    /** Returned by {@link #handleCommon} when the method is not a common one. */
    static final Object NOT_HANDLED = new Object();

    final T delegate;
    private final Class<T> iface;
    T proxy;

    DelegatingHandler(T delegate, Class<T> iface) {
        this.delegate = delegate;
        this.iface = iface;
    }

    /** Creates the proxy for this handler (once). */
    @SuppressWarnings("unchecked")
    final T createProxy() {
        proxy = (T) Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, this);
        return proxy;
    }

    /** Calls {@code method} on the delegate, rethrowing what the delegate threw as it was. */
    final Object forward(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** equals/hashCode/toString and unwrap/isWrapperFor; {@link #NOT_HANDLED} for anything else. */
    final Object handleCommon(Object self, Method method, Object[] args) throws SQLException {
        switch (method.getName()) {
            case "equals":
                return args != null && args.length == 1 ? self == args[0] : NOT_HANDLED;
            case "hashCode":
                return args == null || args.length == 0 ? System.identityHashCode(self) : NOT_HANDLED;
            case "toString":
                // Never the delegate's toString: some drivers print their URL, which may carry a password.
                return args == null || args.length == 0
                        ? "Strata" + iface.getSimpleName() + "[" + delegate.getClass().getName() + "]" : NOT_HANDLED;
            case "unwrap":
                if (args != null && args.length == 1 && args[0] instanceof Class<?> c) {
                    return c.isInstance(self) ? self : ((java.sql.Wrapper) delegate).unwrap(c);
                }
                return NOT_HANDLED;
            case "isWrapperFor":
                if (args != null && args.length == 1 && args[0] instanceof Class<?> c) {
                    return c.isInstance(self) || ((java.sql.Wrapper) delegate).isWrapperFor(c);
                }
                return NOT_HANDLED;
            default:
                return NOT_HANDLED;
        }
    }
}
