/**
 * Hibernate {@code find} by id in a new session, every find a second-level cache hit: Strata's region factory
 * against hibernate-jcache over Ehcache 3 (default and by-reference configuration) and no cache, and
 * Strata's distributed tier against its local tier.
 *
 * <p>May use Hibernate/JPA, hibernate-jcache and {@code javax.cache}; Strata is reached through Hibernate's
 * settings ({@code hibernate.cache.region.factory_class=strata}).
 */
package org.stratacache.benchmarks.hibernate;
