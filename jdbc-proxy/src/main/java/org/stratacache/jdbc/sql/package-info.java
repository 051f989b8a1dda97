/**
 * Statement analysis: one {@link org.stratacache.jdbc.sql.SqlAnalysis} per distinct SQL text, computed by
 * {@link org.stratacache.jdbc.sql.SqlAnalyzer} with JSqlParser on the caller's thread and cached, telling
 * the statement kind, the tables read and written (over-reported on purpose), whether the result may be
 * cached and the {@code strata:} hint. {@link org.stratacache.jdbc.sql.FunctionRules} is the one table that
 * decides what a function call means; {@link org.stratacache.jdbc.sql.TableNames} maps every spelling of a
 * table to one invalidation tag.
 */
package org.stratacache.jdbc.sql;
