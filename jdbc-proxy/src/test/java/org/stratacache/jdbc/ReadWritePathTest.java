package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/**
 * The read and write paths on H2. A "stale probe" writes behind Strata's back (straight to the database):
 * a read that still returns the old value proves it was answered from the cache without touching the
 * database; a read that returns the new value proves it was not.
 */
class ReadWritePathTest {
    private UrlDataSource raw;
    private StrataDataSource ds;

    @BeforeEach
    void setUp() throws SQLException {
        raw = H2.newMemory("jdbc");
        Databases.exec(raw, "create table item(id int primary key, name varchar(50), qty int)",
                "create table other(id int primary key, v int)",
                "insert into item values (1, 'one', 10), (2, 'two', 20), (3, 'three', 30)",
                "insert into other values (1, 100)");
        ds = StrataDataSource.wrap(raw, Databases.settings());
    }

    @AfterEach
    void tearDown() {
        ds.close();
    }

    private String nameOf(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from item where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void behindTheBack(String sql) throws SQLException {
        Databases.exec(raw, sql);
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A delete from a parent cascades to its children: the transaction writes the children too. */
    @Test
    void cascadeInATransaction_isSeenByIt_andNeverCachedForOthers() throws SQLException {
        Databases.exec(raw, "create table parent(id int primary key)",
                "create table child(id int primary key, parent int references parent(id) on delete cascade)",
                "insert into parent values (1), (2)", "insert into child values (1, 1), (2, 2)");
        String children = "select count(*) from child";
        try (Connection writer = ds.getConnection(); Connection other = ds.getConnection()) {
            assertThat(count(other, children)).isEqualTo(2);
            assertThat(count(other, children)).as("cached").isEqualTo(2);
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("delete from parent where id = 1");
            }
            assertThat(count(writer, children)).as("the transaction's own cascade").isEqualTo(1);
            assertThat(count(writer, children)).isEqualTo(1);
            assertThat(count(other, children)).as("not the uncommitted cascade").isEqualTo(2);
            writer.rollback();
            assertThat(count(writer, children)).isEqualTo(2);
            assertThat(count(other, children)).isEqualTo(2);
        }
    }

    @Test
    void prepareWithoutSql_failsNamingTheCall_andTheConnectionGoesOn() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThatThrownBy(() -> c.prepareStatement(null)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("prepareStatement needs the SQL text");
            assertThatThrownBy(() -> c.prepareStatement(null, Statement.RETURN_GENERATED_KEYS))
                    .isInstanceOf(SQLException.class).hasMessageContaining("prepareStatement");
            assertThatThrownBy(() -> c.prepareCall(null)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("prepareCall needs the SQL text");
            assertThat(nameOf(c, 1)).isEqualTo("one");
        }
    }

    @Test
    void oneStatement_twoTablesOfTheSameShape_eachResultKeepsItsOwnTable() throws SQLException {
        Databases.exec(raw, "create table item_copy(id int primary key, name varchar(50), qty int)",
                "insert into item_copy values (1, 'copy', 1)");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int round = 0; round < 2; round++) { // a miss that stores, then a hit
                for (String table : List.of("ITEM", "ITEM_COPY")) {
                    try (ResultSet rs = s.executeQuery("select id, name from " + table + " where id = 1")) {
                        assertThat(rs.getMetaData().getTableName(1)).as("round %d", round).isEqualTo(table);
                        assertThat(rs.getMetaData().getTableName(2)).isEqualTo(table);
                    }
                }
            }
        }
        assertThat(ds.statistics().hits()).isEqualTo(2);
    }

    @Test
    void preparedSelect_secondExecution_isServedFromCache() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            behindTheBack("update item set name = 'changed' where id = 1");
            assertThat(nameOf(c, 1)).isEqualTo("one");
            assertThat(nameOf(c, 2)).isEqualTo("two");
        }
        assertThat(ds.statistics().hits()).isEqualTo(1);
        assertThat(ds.statistics().misses()).isEqualTo(2);
    }

    @Test
    void autoCommitUpdate_throughStrata_invalidatesAtOnce() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("update item set name = 'uno' where id = 1")).isEqualTo(1);
            }
            assertThat(nameOf(c, 1)).isEqualTo("uno");
        }
    }

    @Test
    void writeToAnotherTable_keepsCachedResult() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            behindTheBack("update item set name = 'changed' where id = 1");
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update other set v = 5");
            }
            assertThat(nameOf(c, 1)).isEqualTo("one");
        }
    }

    @Test
    void transaction_ownWritesVisible_othersSeeCommittedUntilCommit() throws SQLException {
        try (Connection writer = ds.getConnection(); Connection reader = ds.getConnection()) {
            assertThat(nameOf(reader, 1)).isEqualTo("one");
            writer.setAutoCommit(false);
            try (PreparedStatement ps = writer.prepareStatement("update item set name = ? where id = ?")) {
                ps.setString(1, "mine");
                ps.setInt(2, 1);
                ps.executeUpdate();
            }
            assertThat(nameOf(writer, 1)).isEqualTo("mine");
            assertThat(nameOf(reader, 1)).isEqualTo("one");
            writer.commit();
            assertThat(nameOf(reader, 1)).isEqualTo("mine");
            assertThat(nameOf(writer, 1)).isEqualTo("mine");
        }
    }

    @Test
    void rollback_invalidates_andOwnReadsNeverCached() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update item set name = 'temp' where id = 2");
            }
            assertThat(nameOf(c, 2)).isEqualTo("temp");
            c.rollback();
            assertThat(nameOf(c, 2)).isEqualTo("two");
        }
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 2)).isEqualTo("two");
        }
    }

    @Test
    void setAutoCommitTrue_commitsAndInvalidates() throws SQLException {
        try (Connection writer = ds.getConnection(); Connection reader = ds.getConnection()) {
            assertThat(nameOf(reader, 1)).isEqualTo("one");
            writer.setAutoCommit(false);
            try (Statement s = writer.createStatement()) {
                s.executeUpdate("update item set name = 'implicit' where id = 1");
            }
            assertThat(nameOf(reader, 1)).isEqualTo("one");
            writer.setAutoCommit(true);
            assertThat(nameOf(reader, 1)).isEqualTo("implicit");
        }
    }

    @Test
    void close_withPendingWork_invalidates() throws SQLException {
        long before;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("update item set name = 'never' where id = 1");
            }
            before = ds.statistics().invalidations();
        }
        assertThat(ds.statistics().invalidations()).isGreaterThan(before);
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
        }
    }

    @Test
    void executeOfAWrite_invalidates() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            assertThat(s.execute("update item set name = 'executed' where id = 1")).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(1);
            assertThat(nameOf(c, 1)).isEqualTo("executed");
        }
    }

    @Test
    void uncapturableParameter_runsUncached() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select id from item where name = ?")) {
            for (int i = 0; i < 2; i++) {
                ps.setCharacterStream(1, new java.io.StringReader("one"));
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            ps.clearParameters();
            ps.setString(1, "one");
            ps.executeQuery().close();
            ps.executeQuery().close();
        }
        assertThat(ds.statistics().uncached()).isEqualTo(2);
        assertThat(ds.statistics().hits()).isEqualTo(1);
    }

    /**
     * A callable statement's parameter set by name: only the driver knows which index the name means (H2 takes
     * a result column's label), so the key cannot hold it, and a read with it must never be answered from the key
     * of the index-bound read before.
     */
    @Test
    void parameterSetByName_runsUncached_andNeverAnswersFromTheIndexBoundKey() throws SQLException {
        try (Connection c = ds.getConnection();
             CallableStatement cs = c.prepareCall("select name from item where id = ?")) {
            cs.setInt(1, 1);
            assertThat(firstString(cs.executeQuery())).isEqualTo("one");
            assertThat(firstString(cs.executeQuery())).as("cached").isEqualTo("one");
            long uncachedBefore = ds.statistics().uncached();

            cs.setInt("NAME", 2); // H2: the name of a result column stands for the parameter it is compared with

            assertThat(firstString(cs.executeQuery())).isEqualTo("two");
            assertThat(ds.statistics().uncached()).isEqualTo(uncachedBefore + 1);
            cs.clearParameters();
            cs.setInt(1, 3);
            assertThat(firstString(cs.executeQuery())).as("by index again: cacheable").isEqualTo("three");
            assertThat(ds.statistics().uncached()).isEqualTo(uncachedBefore + 1);
        }
    }

    /**
     * A write too complex to parse (here too deep; a parse out of CPU time is the same) has an unknown write set
     * and invalidates everything; when its text calls nothing, it cannot have changed the session, and the
     * connection goes on caching. (It stopped for good before: a cold or starved JVM whose first parse of an
     * application's INSERT ran out of budget turned the cache off on every connection that ran it.)
     */
    @Test
    void writeTooComplexToParse_invalidatesEverything_andTaintsTheSessionOnlyWhenItCallsSomething()
            throws SQLException {
        String deep = "(".repeat(20) + "4" + ")".repeat(20);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            long hits = ds.statistics().hits();

            s.executeUpdate("insert into other values (" + deep + ", 400)");

            behindTheBack("update item set name = 'uno' where id = 1");
            assertThat(nameOf(c, 1)).as("everything invalidated").isEqualTo("uno");
            assertThat(nameOf(c, 1)).as("cached again on this connection").isEqualTo("uno");
            assertThat(ds.statistics().hits()).isEqualTo(hits + 1);
            assertThat(ds.statistics().uncachedByReason()).doesNotContainKey(UncachedReason.SESSION_CHANGED);

            String callsUnknown = "(".repeat(20) + "no_such_function(5)" + ")".repeat(20);
            assertThatThrownBy(() -> s.executeUpdate("insert into other values (" + callsUnknown + ", 500)"))
                    .isInstanceOf(SQLException.class);

            assertThat(nameOf(c, 1)).isEqualTo("uno");
            assertThat(ds.statistics().uncachedByReason()).containsEntry(UncachedReason.SESSION_CHANGED, 1L);
        }
    }

    /**
     * {@code java.sql.Date.equals} takes a {@code Timestamp} of the same millisecond for itself; the database does
     * not (the date is the day, at midnight). A read bound with one must not be answered from the other's key.
     */
    @Test
    void setObjectOfADate_isNeverAnsweredFromTheKeyOfATimestampOfTheSameMillisecond() throws SQLException {
        Databases.exec(raw, "create table ev(id int primary key, t timestamp)",
                "insert into ev values (1, timestamp '2026-01-01 10:00:00')");
        long noon = java.time.LocalDateTime.parse("2026-01-01T12:00:00").atZone(java.time.ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from ev where t < ?")) {
            ps.setObject(1, new java.sql.Timestamp(noon));
            assertThat(firstInt(ps.executeQuery())).isEqualTo(1);
            assertThat(firstInt(ps.executeQuery())).as("cached").isEqualTo(1);

            ps.setObject(1, new java.sql.Date(noon)); // 2026-01-01, before 10:00

            assertThat(firstInt(ps.executeQuery())).isZero();
        }
    }

    private static int firstInt(ResultSet rs) throws SQLException {
        try (rs) {
            assertThat(rs.next()).isTrue();
            return rs.getInt(1);
        }
    }

    private static String firstString(ResultSet rs) throws SQLException {
        try (rs) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void batch_invalidatesEveryTableOfTheBatch() throws SQLException {
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 3)).isEqualTo("three");
            try (Statement s = c.createStatement()) {
                s.addBatch("update other set v = 1");
                s.addBatch("update item set name = 'batched' where id = 3");
                s.executeBatch();
            }
            assertThat(nameOf(c, 3)).isEqualTo("batched");
            try (PreparedStatement ps = c.prepareStatement("update item set name = ? where id = ?")) {
                ps.setString(1, "again");
                ps.setInt(2, 3);
                ps.addBatch();
                ps.executeLargeBatch();
            }
            assertThat(nameOf(c, 3)).isEqualTo("again");
        }
    }

    @Test
    void nonDeterministicQuery_isNotCached() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : List.of("select name, current_timestamp from item where id = 1",
                    "select name, rand() from item where id = 1", "select name, now() from item where id = 1",
                    "select name from item where id = 1 for update")) {
                s.executeQuery(sql).close();
                behindTheBack("update item set name = '" + sql.hashCode() + "' where id = 1");
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(sql).isEqualTo(String.valueOf(sql.hashCode()));
                }
            }
        }
        assertThat(ds.statistics().hits()).isZero();
    }

    @Test
    void unknownFunctionInSelect_invalidatesEverything() throws SQLException {
        Databases.exec(raw, "create alias my_fn for 'java.lang.Math.abs(int)'");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            behindTheBack("update item set name = 'changed' where id = 1");
            s.executeQuery("select my_fn(-1)").close();
            assertThat(nameOf(c, 1)).isEqualTo("changed");
        }
    }

    @Test
    void call_invalidatesEverything() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            behindTheBack("update item set name = 'changed' where id = 1");
            s.execute("call 1");
            assertThat(nameOf(c, 1)).isEqualTo("changed");
        }
    }

    @Test
    void hints_nocacheBypasses_cacheTtlCaches() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String nocache = "/* strata:nocache */ select name from item where id = 1";
            s.executeQuery(nocache).close();
            behindTheBack("update item set name = 'n1' where id = 1");
            try (ResultSet rs = s.executeQuery(nocache)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("n1");
            }
            String ttl = "/* strata:cache ttl=30s */ select name from item where id = 1";
            s.executeQuery(ttl).close();
            behindTheBack("update item set name = 'n2' where id = 1");
            try (ResultSet rs = s.executeQuery(ttl)) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("n1");
            }
        }
    }

    @Test
    void cacheByDefaultOff_cachesOnlyHintedQueries() throws SQLException {
        try (StrataDataSource optIn = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.cache-by-default",
                "false")); Connection c = optIn.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("select name from item where id = 1").close();
            s.executeQuery("select name from item where id = 1").close();
            s.executeQuery("/* strata:cache */ select name from item where id = 1").close();
            s.executeQuery("/* strata:cache */ select name from item where id = 1").close();
            assertThat(optIn.statistics().hits()).isEqualTo(1);
        }
    }

    @Test
    void largeResult_streamsEveryRow_andCachesNothing() throws SQLException {
        Databases.exec(raw, "create table big(id int primary key)",
                "insert into big select x from system_range(1, 2500)");
        try (StrataDataSource small = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.max-cached-rows",
                "1000")); Connection c = small.getConnection(); Statement s = c.createStatement()) {
            for (int round = 0; round < 2; round++) {
                List<Integer> ids = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select id from big order by id")) {
                    while (rs.next()) {
                        ids.add(rs.getInt(1));
                    }
                }
                assertThat(ids).hasSize(2500).startsWith(1, 2, 3).endsWith(2499, 2500);
            }
            assertThat(small.statistics().hits()).isZero();
            assertThat(small.statistics().streamed()).isEqualTo(2);
        }
    }

    @Test
    void largeScrollableResult_isReExecutedAndScrollable() throws SQLException {
        Databases.exec(raw, "create table big2(id int primary key)",
                "insert into big2 select x from system_range(1, 50)");
        try (StrataDataSource small = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.max-cached-rows",
                "10")); Connection c = small.getConnection();
             Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
             ResultSet rs = s.executeQuery("select id from big2 order by id")) {
            assertThat(rs.last()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(50);
            assertThat(rs.absolute(7)).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void cachedResult_isScrollableAndReadOnly() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("select id, name from item order by id").close();
            try (ResultSet rs = s.executeQuery("select id, name from item order by id")) {
                assertThat(ds.statistics().hits()).isEqualTo(1);
                assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_SCROLL_INSENSITIVE);
                assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
                assertThat(rs.isBeforeFirst()).isTrue();
                assertThat(rs.last()).isTrue();
                assertThat(rs.getRow()).isEqualTo(3);
                assertThat(rs.previous()).isTrue();
                assertThat(rs.getString("NAME")).isEqualTo("two");
                assertThat(rs.absolute(-3)).isTrue();
                assertThat(rs.getInt("id")).isEqualTo(1);
                assertThat(rs.getStatement()).isSameAs(s);
                assertThatThrownBy(() -> rs.updateString(2, "x")).isInstanceOf(SQLException.class);
                rs.afterLast();
                assertThat(rs.next()).isFalse();
                assertThat(rs.isAfterLast()).isTrue();
            }
            assertThat(s.execute("select id, name from item order by id")).isTrue();
            assertThat(s.getUpdateCount()).isEqualTo(-1);
            try (ResultSet rs = s.getResultSet()) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(s.getMoreResults()).isFalse();
        }
    }

    @Test
    void sessionStateChange_stopsCachingOnThatConnection() throws SQLException {
        Databases.exec(raw, "create schema s2", "create table s2.item(id int primary key, name varchar(50))",
                "insert into s2.item values (1, 'other schema')");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            s.execute("set schema s2");
            assertThat(nameOf(c, 1)).isEqualTo("other schema");
            assertThat(nameOf(c, 1)).isEqualTo("other schema");
        }
    }

    @Test
    void setSchemaThroughApi_isPartOfTheKey() throws SQLException {
        Databases.exec(raw, "create schema s3", "create table s3.item(id int primary key, name varchar(50))",
                "insert into s3.item values (1, 'schema three')");
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            c.setSchema("S3");
            assertThat(nameOf(c, 1)).isEqualTo("schema three");
            assertThat(nameOf(c, 1)).isEqualTo("schema three");
            c.setSchema("PUBLIC");
            assertThat(nameOf(c, 1)).isEqualTo("one");
        }
    }

    @Test
    void queryOnView_isNotCached() throws SQLException {
        Databases.exec(raw, "create view item_view as select * from item");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery("select name from item_view where id = 1").close();
            behindTheBack("update item set name = 'via view' where id = 1");
            try (ResultSet rs = s.executeQuery("select name from item_view where id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("via view");
            }
        }
    }

    @Test
    void foreignKeyCascade_invalidatesChildQueries() throws SQLException {
        Databases.exec(raw, "create table parent(id int primary key)",
                "create table child(id int primary key, parent_id int references parent(id) on delete cascade)",
                "insert into parent values (1)", "insert into child values (10, 1)");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select count(*) from child")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            s.executeUpdate("delete from parent where id = 1");
            try (ResultSet rs = s.executeQuery("select count(*) from child")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void databaseError_reachesApplicationUnchanged() throws SQLException {
        SQLException direct;
        try (Connection c = raw.getConnection(); Statement s = c.createStatement()) {
            direct = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.executeQuery("select nope from item"));
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            SQLException viaStrata = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.executeQuery("select nope from item"));
            assertThat(viaStrata.getClass()).isEqualTo(direct.getClass());
            assertThat(viaStrata.getSQLState()).isEqualTo(direct.getSQLState());
            assertThat(viaStrata.getErrorCode()).isEqualTo(direct.getErrorCode());
            SQLException onWrite = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> s.executeUpdate("insert into item values (1, 'dup', 0)"));
            assertThat(onWrite.getSQLState()).isEqualTo("23505");
        }
        assertThat(ds.statistics().strataFailures()).isZero();
    }

    @Test
    void wrapperAndObjectMethods_behave() throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select 1")) {
            assertThat(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
            assertThat(c.unwrap(org.h2.jdbc.JdbcConnection.class)).isInstanceOf(org.h2.jdbc.JdbcConnection.class);
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat((Object) c).isEqualTo(c).isNotEqualTo(raw.getConnection());
            assertThat(c.hashCode()).isEqualTo(System.identityHashCode(c));
            assertThat(ps.getConnection()).isSameAs(c);
            assertThat(c.toString()).startsWith("StrataConnection");
        }
    }
}
