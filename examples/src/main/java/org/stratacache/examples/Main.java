package org.stratacache.examples;

import java.util.concurrent.atomic.AtomicInteger;

import org.stratacache.core.Region;
import org.stratacache.core.RegionStats;
import org.stratacache.core.RegionStore;

/**
 * A first look at a region: read-through, tag invalidation and statistics on the embedded defaults.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        AtomicInteger databaseReads = new AtomicInteger();
        try (RegionStore store = RegionStore.builder().name("demo").build()) {
            Region<Integer, String> products = store.region("products");
            for (int round = 0; round < 5; round++) {
                for (int id = 0; id < 100; id++) {
                    products.get(id, java.util.List.of("product"), key -> {
                        databaseReads.incrementAndGet();
                        return "product-" + key;
                    });
                }
                if (round == 2) {
                    products.invalidateTag("product"); // a write to the product table
                }
            }
            RegionStats stats = products.stats();
            System.out.printf("reads=%d database reads=%d hits=%d misses=%d hit ratio=%.2f%n",
                    stats.hits() + stats.misses(), databaseReads.get(), stats.hits(), stats.misses(),
                    stats.hitRatio());
        }
    }
}
