package org.stratacache.core.tier;

/**
 * A named lease that at most one process of a shared tier's cluster holds at a time, kept by renewing it, with a
 * short note the holder shows to every other process. It elects one worker per cluster for a job that must run
 * once (mode {@code logical}'s replication slot reader on the distributed tier) and lets the others learn whether
 * that worker is ready.
 *
 * <p><b>One thread.</b> {@link #tryHold()}, {@link #note} and {@link #release()} must be called from one thread
 * only: the lease may belong to that thread (Hazelcast's map locks do). {@link #holderNote()} may be called from
 * any thread.
 *
 * <p><b>How it ends.</b> The holder renews by calling {@link #tryHold()} again (well within the lease); a holder
 * that stops renewing loses the lease when it runs out, one that leaves the cluster at once. Two holders at a time
 * are not ruled out when the cluster splits or a renewal is late: whatever the lease guards must stay correct
 * with two workers (it only costs twice the work), and correct with none for a while (the others then distrust).
 */
public interface ClusterLease {

    /**
     * Takes the lease when nobody holds it, renews it when this process does. Returns whether this process holds
     * it now; false also when the cluster cannot be reached (a failure is never thrown). One holding <em>term</em>
     * lasts as long as consecutive calls answer true: after a false, a true begins a new term, with no note.
     */
    boolean tryHold();

    /**
     * Holder only: shows {@code note} to every process through {@link #holderNote()} for as long as the lease is
     * held and renewed; null withdraws it. Returns false when it could not be written (the cluster is unreachable).
     */
    boolean note(String note);

    /**
     * The note of the current holder: null when nobody holds the lease, the holder has shown no note, its lease
     * ran out, or it left the cluster. A read from the cluster; throws when the cluster cannot be reached.
     */
    String holderNote();

    /**
     * Withdraws the note and gives the lease up, so that another process may take it at once; does nothing to a
     * lease this thread does not hold.
     */
    void release();
}
