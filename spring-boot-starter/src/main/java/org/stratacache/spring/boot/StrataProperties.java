package org.stratacache.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.stratacache.core.config.ConfigKeys;

/**
 * The {@code strata.*} settings the starter itself acts on. Every other documented key of
 * {@link ConfigKeys} ({@code docs/configuration.md}) is passed through unchanged to the region store
 * ({@link StrataSettings}); the IDE completion for all of them comes from
 * {@code META-INF/spring-configuration-metadata.json}, generated from {@link ConfigKeys}.
 */
@ConfigurationProperties(prefix = "strata")
public class StrataProperties {
    private final Jdbc jdbc = new Jdbc();
    private final Hibernate hibernate = new Hibernate();
    private final Health health = new Health();

    public Jdbc getJdbc() {
        return jdbc;
    }

    public Hibernate getHibernate() {
        return hibernate;
    }

    public Health getHealth() {
        return health;
    }

    /** {@code strata.jdbc.*}: whether the application's DataSource beans are wrapped. */
    public static class Jdbc {
        private boolean enabled = ConfigKeys.JDBC_ENABLED.defaultValue();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code strata.hibernate.*}: whether Hibernate's second-level cache runs on the store. */
    public static class Hibernate {
        private boolean enabled = ConfigKeys.HIBERNATE_ENABLED.defaultValue();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** {@code strata.health.*}: the Actuator health indicator's thresholds. */
    public static class Health {
        private long writeBehindBacklog = ConfigKeys.HEALTH_WRITE_BEHIND_BACKLOG.defaultValue();

        public long getWriteBehindBacklog() {
            return writeBehindBacklog;
        }

        public void setWriteBehindBacklog(long writeBehindBacklog) {
            if (writeBehindBacklog < 1) {
                throw new IllegalArgumentException("strata.health.write-behind-backlog must be at least 1, not "
                        + writeBehindBacklog);
            }
            this.writeBehindBacklog = writeBehindBacklog;
        }
    }
}
