/**
 * The e-commerce catalog example: Hibernate with Strata as the second-level cache
 * ({@code hibernate.cache.region.factory_class=strata}). Product pages by id, category listings through a
 * cacheable query and lookups by SKU (natural id), with occasional price and stock updates, run once without
 * and once with the cache; the answers must agree. {@code --distributed} runs two nodes on one Hazelcast
 * cluster and measures how soon one node sees the other's update.
 *
 * <p>May use Hibernate/JPA and {@code support}; Strata is reached only through Hibernate's settings.
 */
package org.stratacache.examples.catalog;
