package org.stratacache.spring.boot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.stratacache.core.RegionStore;
import org.stratacache.core.invalidation.InvalidationStats;
import org.stratacache.core.writebehind.WriteBehindStats;

/**
 * The health of the application's region store, at {@code /actuator/health/strata}:
 * <ul>
 *   <li>{@code DOWN} when the store is closed (nothing is cached, JDBC write-behind tables refuse writes), or when
 *       the distributed tier's Hazelcast instance has shut down (it does not come back: the store degrades to the
 *       database for good, and the instance needs a restart to cache again);</li>
 *   <li>{@link #DEGRADED} while Strata answers correctly but not as configured: the distributed tier's circuit
 *       breaker is open or half-open (reads go to the database), the invalidation bus is not trusted (reads pass
 *       through until it reconnects), or a write-behind queue holds more than
 *       {@code strata.health.write-behind-backlog} writes;</li>
 *   <li>{@code UP} otherwise.</li>
 * </ul>
 * Why a status of its own and not {@code OUT_OF_SERVICE}: Strata degrades to the database and stays correct, so
 * the instance should keep its traffic; Boot maps {@code OUT_OF_SERVICE} to HTTP 503, {@code DEGRADED} to 200.
 * The starter orders it between {@code OUT_OF_SERVICE} and {@code UP} ({@code management.endpoint.health.status.order},
 * {@link StrataEnvironmentPostProcessor}); an application that sets its own order must list {@code degraded}.
 */
public final class StrataHealthIndicator implements HealthIndicator {
    /** Strata answers, but slower or with a backlog; see the class comment. */
    public static final Status DEGRADED = new Status("DEGRADED",
            "Strata degrades to the database: still correct, not as fast as configured");

    private final RegionStore store;
    private final Supplier<InvalidationStats> bus;
    private final long backlogThreshold;

    StrataHealthIndicator(RegionStore store, Supplier<InvalidationStats> bus, long backlogThreshold) {
        this.store = store;
        this.bus = bus;
        this.backlogThreshold = backlogThreshold;
    }

    @Override
    public Health health() {
        if (store.isClosed()) {
            return Health.down().withDetail("store", store.jmxName()).withDetail("reason", "the region store is closed")
                    .build();
        }
        if ("distributed".equals(store.tierName()) && !DistributedTierState.running(store)) {
            return Health.down().withDetail("store", store.jmxName()).withDetail("tier", store.tierName())
                    .withDetail("reason", "the distributed tier's Hazelcast instance is no longer running").build();
        }
        List<String> reasons = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("store", store.jmxName());
        details.put("tier", store.tierName());
        details.put("regions", store.regionNames().size());
        if ("distributed".equals(store.tierName())) {
            String breaker = DistributedTierState.breaker(store);
            details.put("breaker", breaker);
            if (!"CLOSED".equals(breaker)) {
                reasons.add("the distributed tier's circuit breaker is " + breaker + ": reads go to the database");
            }
        }
        InvalidationStats invalidation = bus.get();
        if (invalidation != null) {
            details.put("invalidationBusTrusted", invalidation.connected());
            if (!invalidation.connected()) {
                reasons.add("the invalidation bus is not trusted (listener disconnected): reads pass through to "
                        + "the database until it reconnects");
            }
        }
        Map<String, Long> depths = new LinkedHashMap<>();
        for (WriteBehindStats queue : store.writeBehindStats().values()) {
            depths.put(queue.queueName(), queue.queueDepth());
            if (queue.queueDepth() > backlogThreshold) {
                reasons.add("write-behind queue " + queue.queueName() + " holds " + queue.queueDepth()
                        + " writes, more than strata.health.write-behind-backlog=" + backlogThreshold);
            }
        }
        if (!depths.isEmpty()) {
            details.put("writeBehindDepth", depths);
        }
        Health.Builder builder = reasons.isEmpty() ? Health.up() : Health.status(DEGRADED).withDetail("reasons", reasons);
        return builder.withDetails(details).build();
    }
}
