package org.stratacache.jcache.tck;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Gives the distributed execution's Hazelcast cluster a name of its own per test JVM.
 *
 * <p>Members join over TCP-IP on 127.0.0.1 and a port range. Two builds running the TCK at once on one machine
 * (two CI runs side by side) both used the cluster name the POM sets, so their members joined one cluster and
 * each run's caches saw the other's entries: the distributed execution failed in both with entries that appeared,
 * vanished or were counted twice. Suffixing the process id keeps concurrent runs in separate clusters; members of
 * one JVM still share theirs. Runs before the first test, so before any manager reads the setting.
 */
public final class ClusterPerRun implements TestExecutionListener {
    static final String CLUSTER_NAME = "strata.hazelcast.cluster-name";

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        String configured = System.getProperty(CLUSTER_NAME);
        String suffix = "-" + ProcessHandle.current().pid();
        if (configured != null && !configured.endsWith(suffix)) {
            System.setProperty(CLUSTER_NAME, configured + suffix);
        }
    }
}
