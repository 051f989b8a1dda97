package org.stratacache.hibernate.conformance;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.hibernate.SessionFactory;
import org.stratacache.hibernate.ProviderInternals;
import org.stratacache.testsupport.TestCluster;

/** The tiers the suite runs on, and what differs between them for a test. */
public enum Tier {
    LOCAL {
        @Override
        void configure(Map<String, Object> settings) {
            settings.put("strata.store.name", "conformance-local");
        }

        @Override
        void settle(SessionFactory sf) {
            // one timestamper orders every release and transaction: a session that begins now may cache at once
        }
    },
    DISTRIBUTED {
        @Override
        void configure(Map<String, Object> settings) {
            TestCluster cluster = TestCluster.unique("conformance", 2);
            settings.put("strata.store.name", cluster.name());
            settings.putAll(cluster.strataSettings());
        }

        /**
         * Members' clocks agree only to the skew allowance, so a load by a session that began within it of the
         * last unlock is not cached (and a changed table's queries are not served): wait until the cluster
         * clock is past it, as an application's next request usually is.
         */
        @Override
        void settle(SessionFactory sf) {
            long past = ProviderInternals.cacheTimeMillis(sf) + ProviderInternals.clusterSkewAllowanceMillis();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                    .until(() -> ProviderInternals.distributedTier(sf).clusterTimeMillis() > past);
        }
    };

    /** Adds this tier's {@code strata.*} settings. */
    abstract void configure(Map<String, Object> settings);

    /**
     * Waits until a session beginning now is ordered after every write so far: a no-op on the local tier, past the
     * members' clock-skew allowance on the distributed tier.
     */
    abstract void settle(SessionFactory sf);
}
