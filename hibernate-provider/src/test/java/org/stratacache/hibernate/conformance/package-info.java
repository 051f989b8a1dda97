/**
 * The conformance suite: Strata's region factory checked against the behaviours Hibernate ORM's own
 * second-level-cache tests expect (hits, misses, puts and fresh values as Hibernate's reference region
 * factory gives them), each test class run on the local and on the distributed tier ({@link
 * org.stratacache.hibernate.conformance.Tier}) over one SessionFactory per tier shared by the whole suite
 * ({@link org.stratacache.hibernate.conformance.SharedFactories}). Each class's documentation names the upstream
 * test classes it covers. Written from what those tests check, not from their code.
 */
package org.stratacache.hibernate.conformance;
