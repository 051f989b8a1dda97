package org.stratacache.core.internal.stats;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers and unregisters Strata's MXBeans, and hands out the store names they are registered under.
 *
 * <p>Two stores of one JVM may share a name (two data sources over one store name, a store closed and another
 * opened while the first still closes). Their MXBeans must not replace each other's, silently: each open store
 * claims a JMX name of its own, its configured name or, when another open store holds that, the name with
 * {@code -2}, {@code -3} … appended.
 */
public final class JmxRegistration {
    private static final Set<String> CLAIMED = ConcurrentHashMap.newKeySet();

    private JmxRegistration() {
    }

    /** A name for a store's MXBeans that no other open store of this JVM holds; release it at close. */
    public static String claimStoreName(String storeName) {
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? storeName : storeName + "-" + n;
            if (CLAIMED.add(candidate)) {
                return candidate;
            }
        }
    }

    /** Gives a name from {@link #claimStoreName(String)} back. */
    public static void releaseStoreName(String claimed) {
        CLAIMED.remove(claimed);
    }

    /** {@code javax.cache:type=<type>,CacheManager=<manager>,Cache=<cache>}, values quoted where needed. */
    public static ObjectName objectName(String type, String manager, String cache) {
        try {
            return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + sanitize(manager)
                    + ",Cache=" + sanitize(cache));
        } catch (JMException e) {
            throw new IllegalArgumentException("cannot build a JMX name for cache " + cache, e);
        }
    }

    public static void register(Object bean, ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("an MXBean is already registered as " + name, e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register MXBean " + name, e);
        }
    }

    public static void unregister(ObjectName name) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            // already gone: nothing to release
        }
    }

    /** JMX forbids a few characters in unquoted values; JCache implementations replace them. */
    private static String sanitize(String value) {
        return value == null ? "" : value.replaceAll("[,:=\n*?\"]", ".");
    }
}
