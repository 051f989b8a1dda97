/**
 * A small pet clinic (owners, their pets, the pets' visits) on Spring Boot with Strata's starter: Spring MVC
 * pages over JPA/Hibernate, Hibernate's second-level cache on Strata ({@code strata.hibernate.enabled=true}), the
 * JDBC results cached by the wrapped DataSource, H2 in memory by default and PostgreSQL with the {@code postgres}
 * profile. Every write redirects to a page that reads the data again, so the page shows whether a read after a
 * write is fresh; the footer shows the cache's hits. An example, not a library: everything is package-private
 * where Spring allows.
 */
package org.stratacache.examples.petclinic;
