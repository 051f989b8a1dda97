/**
 * What the modules' tests share, so that no module writes it again: the databases ({@link
 * org.stratacache.testsupport.Postgres} — the server {@code .ci/pg} starts, skipped with a console line when absent
 * and failing in CI —, {@link org.stratacache.testsupport.H2}, {@link org.stratacache.testsupport.UrlDataSource}),
 * child JVMs for the two-process tests ({@link org.stratacache.testsupport.ChildJvm},
 * {@link org.stratacache.testsupport.ProcessLines}) and Hazelcast members and clusters on 127.0.0.1 with
 * multicast, auto-detection and phone-home off ({@link org.stratacache.testsupport.HazelcastMembers},
 * {@link org.stratacache.testsupport.TestCluster}). Test scope only; it may use JUnit, the JDBC drivers and
 * Hazelcast, never a module under test.
 */
package org.stratacache.testsupport;
