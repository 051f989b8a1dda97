package org.stratacache.benchmarks.distributed;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.stratacache.benchmarks.ForkJvm;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.core.tier.distributed.DistributedTier;

/**
 * One read of a cached value, three ways:
 * <ul>
 *   <li>{@code strataNearHit} — Strata's distributed tier, the key hot in this member's near cache;</li>
 *   <li>{@code hazelcastRemoteGet} — a plain Hazelcast {@code IMap.get} of a key owned by the other member
 *       (what every read costs without a near cache);</li>
 *   <li>{@code strataRemoteGet} — Strata's distributed tier with the near cache off, same kind of key:
 *       Strata's own cost on top of the remote get;</li>
 *   <li>{@code strataLocalHit} — Strata's local tier (Ehcache on-heap), for reference.</li>
 * </ul>
 * Three Hazelcast members run in the benchmark JVM (A and B with near caches, C without), on 127.0.0.1, in
 * a cluster of their own.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar Distributed -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {ForkJvm.HEAP_MIN, ForkJvm.HEAP_MAX, ForkJvm.PRE_TOUCH})
public class DistributedReadBenchmark {
    private static final String VALUE = "x".repeat(100);

    private RegionStore memberA;
    private RegionStore memberB;
    private RegionStore memberC;
    private Region<String, String> remoteRegion;
    private String remoteRegionKey;
    private RegionStore local;
    private Region<String, String> nearRegion;
    private Region<String, String> localRegion;
    private IMap<String, String> plainMap;
    private String nearKey;
    private String remoteKey;

    @Setup(Level.Trial)
    public void startCluster() {
        Map<String, String> settings = new TreeMap<>();
        settings.put("strata.tier", "distributed");
        settings.put("strata.hazelcast.cluster-name", "strata-bench-" + UUID.randomUUID());
        settings.put("strata.hazelcast.port", "25701");
        settings.put("strata.hazelcast.members", "127.0.0.1:25701,127.0.0.1:25702,127.0.0.1:25703");
        settings.put("strata.hazelcast.near-cache.ttl", "10m");
        memberA = RegionStore.fromProperties(settings);
        memberB = RegionStore.fromProperties(settings);
        Map<String, String> noNearCache = new TreeMap<>(settings);
        noNearCache.put("strata.hazelcast.near-cache.enabled", "false");
        memberC = RegionStore.fromProperties(noNearCache);
        HazelcastInstance hzA = ((DistributedTier) memberA.tier()).hazelcastInstance();
        HazelcastInstance hzB = ((DistributedTier) memberB.tier()).hazelcastInstance();
        HazelcastInstance hzC = ((DistributedTier) memberC.tier()).hazelcastInstance();
        waitFor(() -> hzA.getCluster().getMembers().size() == 3, "the three members to form a cluster");
        waitFor(() -> hzA.getPartitionService().isClusterSafe() && hzC.getPartitionService().isClusterSafe(),
                "partition migrations to finish");
        Member other = hzB.getCluster().getLocalMember();

        remoteKey = keyOwnedBy(hzA, other, "remote");
        plainMap = hzA.getMap("bench-plain");
        plainMap.set(remoteKey, VALUE);

        // The near-cache key is owned by the other member too: without the near copy it would be remote.
        nearKey = keyOwnedBy(hzA, other, "near");
        nearRegion = memberA.region("bench-near");
        memberB.<String, String>region("bench-near").put(nearKey, VALUE);
        waitFor(() -> VALUE.equals(nearRegion.get(nearKey))
                && VALUE.equals(nearRegion.get(nearKey)) && isNearHit(), "a near copy of the hot key");

        remoteRegionKey = keyOwnedBy(hzC, other, "strata-remote");
        remoteRegion = memberC.region("bench-remote");
        remoteRegion.put(remoteRegionKey, VALUE);

        local = RegionStore.fromProperties(Map.of("strata.tier", "local"));
        localRegion = local.region("bench-local");
        localRegion.put("key", VALUE);
    }

    private boolean isNearHit() {
        DistributedTier tier = (DistributedTier) memberA.tier();
        long before = tier.stats().nearHits();
        nearRegion.get(nearKey);
        return tier.stats().nearHits() > before;
    }

    @TearDown(Level.Trial)
    public void stopCluster() {
        DistributedTier tier = (DistributedTier) memberA.tier();
        System.out.println("\nmember A tier stats: " + tier.stats());
        local.close();
        memberC.close();
        memberB.close();
        memberA.close();
    }

    @Benchmark
    public String strataNearHit() {
        return nearRegion.get(nearKey);
    }

    @Benchmark
    public String hazelcastRemoteGet() {
        return plainMap.get(remoteKey);
    }

    @Benchmark
    public String strataRemoteGet() {
        return remoteRegion.get(remoteRegionKey);
    }

    @Benchmark
    public String strataLocalHit() {
        return localRegion.get("key");
    }

    private static String keyOwnedBy(HazelcastInstance hz, Member owner, String prefix) {
        for (int i = 0; i < 100_000; i++) {
            String key = prefix + i;
            if (owner.equals(hz.getPartitionService().getPartition(key).getOwner())) {
                return key;
            }
        }
        throw new IllegalStateException("no key owned by " + owner);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10); // benchmark setup only: polling a cluster that is forming
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
