package org.stratacache.core.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.spi.CachingProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stratacache.core.jcache.WriteBehindTest.RecordingWriter;

/** JCache write-behind runs on the core engine, so {@code strata.write-behind.journal.dir} makes it durable. */
class JCacheWriteBehindJournalTest {

    private static StrataConfiguration<String, String> config(RecordingWriter writer) {
        StrataConfiguration<String, String> config = new StrataConfiguration<String, String>()
                .writeBehind(Duration.ofMillis(1), 10, 1000)
                .writeBehindMaxAttempts(Integer.MAX_VALUE);
        config.setTypes(String.class, String.class);
        config.setCacheWriterFactory(FactoryBuilder.factoryOf(writer));
        config.setWriteThrough(true);
        return config;
    }

    @Test
    void journalMode_changesUnwrittenAtClose_areReplayedWhenTheCacheIsCreatedAgain(@TempDir Path dir) {
        Properties props = new Properties();
        props.setProperty("strata.write-behind.journal.dir", dir.toString());
        props.setProperty("strata.write-behind.close-timeout", "200ms");
        URI uri = URI.create("strata://journal-" + UUID.randomUUID());
        CachingProvider provider = Caching.getCachingProvider(StrataCachingProvider.class.getName());

        RecordingWriter down = new RecordingWriter();
        down.failuresLeft.set(Integer.MAX_VALUE);
        CacheManager first = provider.getCacheManager(uri, null, props);
        Cache<String, String> cache = first.createCache("orders", config(down));
        for (int i = 0; i < 50; i++) {
            cache.put("k" + i, "v" + i);
        }
        cache.put("k7", "latest");
        cache.remove("k3");
        first.close(); // the writer never accepted anything: the changes stay in the journal
        assertThat(down.state).isEmpty();

        RecordingWriter db = new RecordingWriter();
        CacheManager second = provider.getCacheManager(uri, null, props);
        try {
            @SuppressWarnings("unchecked")
            StrataCache<String, String> again = second.createCache("orders", config(db)).unwrap(StrataCache.class);
            again.flushWriteBehind();

            assertThat(db.state).hasSize(49).containsEntry("k0", "v0").containsEntry("k49", "v49")
                    .containsEntry("k7", "latest").doesNotContainKey("k3");
        } finally {
            second.close();
        }
    }
}
