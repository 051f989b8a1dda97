package org.stratacache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;

/**
 * {@code strata-jdbc} and Hazelcast are optional: {@link StrataMetrics} loads, is introspected (as Spring does
 * with every bean class) and binds a local-tier store with neither on the class path.
 */
class ClassPathTest {

    @Test
    void bindTo_withoutJdbcAndHazelcastOnTheClassPath_works() throws Exception {
        URL classes = StrataMetrics.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader app = ClassPathTest.class.getClassLoader();
        ClassLoader hiding = new ClassLoader(app) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("org.stratacache.jdbc.") || name.startsWith("com.hazelcast.")
                        || name.startsWith("org.stratacache.micrometer.")) {
                    throw new ClassNotFoundException(name + " (hidden by the test)");
                }
                return super.loadClass(name, resolve);
            }
        };
        try (URLClassLoader module = new URLClassLoader(new URL[] {classes}, hiding);
             RegionStore store = RegionStore.builder().name("no-jdbc").build()) {
            Class<?> type = module.loadClass(StrataMetrics.class.getName());
            assertThat(type.getClassLoader()).isSameAs(module);
            assertThat(type.getDeclaredMethods()).isNotEmpty();
            assertThat(type.getDeclaredFields()).isNotEmpty();
            for (Class<?> nested : type.getDeclaredClasses()) {
                assertThat(nested.getDeclaredMethods()).isNotEmpty();
            }
            Object metrics = type.getMethod("of", RegionStore.class).invoke(null, store);
            MeterRegistry registry = new SimpleMeterRegistry();
            Method bindTo = type.getMethod("bindTo", MeterRegistry.class);
            bindTo.invoke(metrics, registry);
            store.region("r").put("k", "v");
            assertThat(StrataMetricsTest.value(registry, "strata.region.puts", "region", "r")).isEqualTo(1);
            assertThat(registry.find("strata.jdbc.reads").meters()).isEmpty();
        }
    }
}
