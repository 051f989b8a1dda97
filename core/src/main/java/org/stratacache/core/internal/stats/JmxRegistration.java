package org.stratacache.core.internal.stats;

import java.lang.management.ManagementFactory;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Registers and unregisters region MXBeans under JCache's object names. */
public final class JmxRegistration {
    private JmxRegistration() {
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
