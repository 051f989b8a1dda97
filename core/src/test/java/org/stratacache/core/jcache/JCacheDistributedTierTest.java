package org.stratacache.core.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.distributed.DistributedTier;
import org.stratacache.testsupport.TestCluster;

/** Cache managers on the distributed tier: one embedded member per JVM, loopback only, by-value only. */
class JCacheDistributedTierTest {

    /** The distributed tier on a private one-member cluster (one port, loopback). */
    private static Properties distributed() {
        Properties p = new Properties();
        p.putAll(TestCluster.unique("jcache", 1).strataSettings());
        return p;
    }

    private static HazelcastInstance memberOf(CacheManager manager) {
        return ((DistributedTier) manager.unwrap(RegionStore.class).tier()).hazelcastInstance();
    }

    @Test
    void managers_onTheDistributedTier_shareOneLoopbackMemberThatStopsWithTheLastManager() {
        CachingProvider provider = Caching.getCachingProvider(StrataCachingProvider.class.getName());
        Properties props = distributed();
        CacheManager a = provider.getCacheManager(URI.create("strata://dist-a-" + UUID.randomUUID()), null, props);
        CacheManager b = provider.getCacheManager(URI.create("strata://dist-b-" + UUID.randomUUID()), null, props);
        HazelcastInstance member = memberOf(a);
        try {
            assertThat(memberOf(b)).isSameAs(member);
            assertThat(member.getCluster().getMembers()).hasSize(1);
            assertThat(member.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");

            Cache<String, String> inA = a.createCache("c", new MutableConfiguration<String, String>());
            Cache<String, String> inB = b.createCache("c", new MutableConfiguration<String, String>());
            inA.put("k", "from a");
            assertThat(inA.get("k")).isEqualTo("from a");
            assertThat(inB.get("k")).as("managers of different URIs keep apart").isNull();
        } finally {
            a.close();
        }
        assertThat(member.getLifecycleService().isRunning()).as("b still uses the member").isTrue();
        b.close();
        assertThat(member.getLifecycleService().isRunning()).isFalse();
    }

    @Test
    void createCache_storeByReferenceOnTheDistributedTier_isRefusedAsUnsupported() {
        CachingProvider provider = Caching.getCachingProvider(StrataCachingProvider.class.getName());
        CacheManager manager = provider.getCacheManager(URI.create("strata://dist-ref-" + UUID.randomUUID()), null,
                distributed());
        try {
            assertThatThrownBy(() -> manager.createCache("refs",
                    new MutableConfiguration<String, String>().setStoreByValue(false)))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("store-by-reference");
            assertThat(manager.getCacheNames()).isEmpty();
        } finally {
            manager.close();
        }
    }
}
