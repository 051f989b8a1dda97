package org.stratacache.core.tier.distributed;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Embedded members shared by the distributed tiers of one JVM ({@code strata.hazelcast.share-member=true}).
 *
 * <p>Without sharing every store starts a member of its own, and stores of one JVM with the same settings
 * join each other as separate members: a second of joining and a full copy of the member's threads each.
 * A JCache application may create many cache managers (one store each), so their tiers share one member
 * per network configuration instead. Invariant: a member is in {@link #members} exactly while at least one
 * tier holds it ({@code users > 0}); the last {@link #release} shuts it down. A member that died under its
 * users (terminated, lost) is replaced by the next {@link #acquire}.
 *
 * <p>The key is everything {@link HazelcastConfigs#member} reads except the store name, which only labels
 * the instance: stores of different names on one member stay apart through their object prefixes.
 */
final class SharedMembers {
    private record Key(String clusterName, String bindAddress, int port, List<String> members,
                       Duration operationTimeout) {
        static Key of(HazelcastSettings s) {
            return new Key(s.clusterName(), s.bindAddress(), s.port(), s.members(), s.operationTimeout());
        }
    }

    private static final class Shared {
        final HazelcastInstance instance;
        int users;
        /** Counts acquisitions: a delayed shutdown runs only if nobody acquired the member since its release. */
        long acquisitions;
        Duration linger = Duration.ZERO;

        Shared(HazelcastInstance instance) {
            this.instance = instance;
        }
    }

    /** Guarded by the class. */
    private static final Map<Key, Shared> members = new HashMap<>();

    /** Runs the delayed shutdowns of members whose last user left ({@code share-member.linger}). */
    private static ScheduledExecutorService lingerTimer;

    private SharedMembers() {
    }

    /** The JVM's member for these settings, started on first use; pair every call with {@link #release}. */
    static synchronized HazelcastInstance acquire(HazelcastSettings settings) {
        Key key = Key.of(settings);
        Shared shared = members.get(key);
        if (shared == null || !shared.instance.getLifecycleService().isRunning()) {
            shared = new Shared(Hazelcast.newHazelcastInstance(HazelcastConfigs.member(settings)));
            members.put(key, shared);
        }
        shared.users++;
        shared.acquisitions++;
        shared.linger = settings.shareMemberLinger();
        return shared.instance;
    }

    /**
     * One user fewer. The last one shuts the member down, at once or, with a linger, after that long unless
     * a new user came meanwhile (an application that closes and reopens its cache managers keeps its member).
     */
    static void release(HazelcastInstance instance) {
        Shared last = null;
        synchronized (SharedMembers.class) {
            for (Map.Entry<Key, Shared> e : members.entrySet()) {
                Shared shared = e.getValue();
                if (shared.instance == instance) {
                    if (--shared.users == 0) {
                        if (shared.linger.isZero()) {
                            members.remove(e.getKey());
                            last = shared;
                        } else {
                            scheduleShutdown(e.getKey(), shared);
                        }
                    }
                    break;
                }
            }
        }
        // a member that died and was replaced is no longer in the map: its users just let it go
        if (last != null) {
            last.instance.shutdown();
        }
    }

    /** Guarded by the class. */
    private static void scheduleShutdown(Key key, Shared shared) {
        if (lingerTimer == null) {
            lingerTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "strata-hazelcast-member-linger");
                t.setDaemon(true);
                return t;
            });
        }
        long acquisitionsAtRelease = shared.acquisitions;
        lingerTimer.schedule(() -> {
            synchronized (SharedMembers.class) {
                if (shared.users > 0 || shared.acquisitions != acquisitionsAtRelease
                        || members.get(key) != shared) {
                    return;
                }
                members.remove(key);
            }
            shared.instance.shutdown();
        }, shared.linger.toMillis(), TimeUnit.MILLISECONDS);
    }
}
