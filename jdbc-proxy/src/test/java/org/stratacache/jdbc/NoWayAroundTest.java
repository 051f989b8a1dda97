package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.Postgres;

/**
 * Every JDBC object the application gets leads back to Strata's connection, never to the driver's: a write
 * through {@code rs.getStatement().getConnection()} or {@code getMetaData().getConnection()} must invalidate
 * like any other, or the cache serves stale rows. Each test caches a read, writes through the route under test,
 * and reads again.
 */
class NoWayAroundTest {
    private static final String READ = "select name from way_item where id = ?";

    private DataSource raw;
    private StrataDataSource ds;

    private void open(String db) throws SQLException {
        raw = db.equals("h2") ? H2.newMemory("jdbc") : Postgres.connectOrSkip();
        Databases.exec(raw, "drop table if exists way_item",
                "create table way_item(id int primary key, name varchar(50))",
                "insert into way_item values (1, 'one'), (2, 'two'), (3, 'three')");
        ds = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.max-cached-rows", "2"));
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (ds != null) {
            ds.close();
            Databases.exec(raw, "drop table if exists way_item");
        }
    }

    private static String nameOf(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Caches the read of row 1 and checks it is served from the cache. */
    private void cacheRowOne(Connection c) throws SQLException {
        cacheRowOne(c, "one");
    }

    private void cacheRowOne(Connection c, String name) throws SQLException {
        long hits = ds.statistics().hits();
        assertThat(nameOf(c, 1)).isEqualTo(name);
        assertThat(nameOf(c, 1)).isEqualTo(name);
        assertThat(ds.statistics().hits()).isEqualTo(hits + 1);
    }

    private static void rename(Statement s, String name) throws SQLException {
        assertThat(s.executeUpdate("update way_item set name = '" + name + "' where id = 1")).isEqualTo(1);
    }

    /** Renames row 1 through a statement of {@code via}: the route under test. */
    private static void rename(Connection via, String name) throws SQLException {
        try (Statement s = via.createStatement()) {
            rename(s, name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void uncachedResult_answersTheStrataStatement(String db) throws SQLException {
        open(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            cacheRowOne(c);
            try (ResultSet rs = s.executeQuery("/* strata:nocache */ select id from way_item order by id")) {
                assertThat(rs.getStatement()).isSameAs(s);
                assertThat(rs.getStatement().getConnection()).isSameAs(c);
                rename(rs.getStatement().getConnection(), "via uncached result");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            assertThat(nameOf(c, 1)).isEqualTo("via uncached result");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void resultTooBigToCache_answersTheStrataStatement_forwardOnlyAndScrollable(String db) throws SQLException {
        open(db);
        try (Connection c = ds.getConnection();
             Statement forwardOnly = c.createStatement();
             Statement scrollable = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            cacheRowOne(c);
            for (Statement s : new Statement[] {forwardOnly, scrollable}) {
                try (ResultSet rs = s.executeQuery("select id from way_item order by id")) {
                    assertThat(rs.getStatement()).isSameAs(s);
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                    }
                    assertThat(rows).isEqualTo(3);
                }
            }
            assertThat(ds.statistics().streamed()).isEqualTo(2);
            try (ResultSet rs = scrollable.executeQuery("select id from way_item order by id")) {
                rename(rs.getStatement().getConnection(), "via big result");
            }
            assertThat(nameOf(c, 1)).isEqualTo("via big result");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void getResultSet_returnsTheSameObjectAsExecuteQuery(String db) throws SQLException {
        open(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            ResultSet first = s.executeQuery("/* strata:nocache */ select id from way_item");
            assertThat(s.getResultSet()).isSameAs(first);
            assertThat(s.execute("/* strata:nocache */ select name from way_item")).isTrue();
            ResultSet second = s.getResultSet();
            assertThat(second).isNotSameAs(first).isSameAs(s.getResultSet());
            assertThat(second.getStatement()).isSameAs(s);
            assertThat(second.isWrapperFor(ResultSet.class)).isTrue();
            assertThat(second.toString()).startsWith("StrataResultSet[");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void resultSet_unwrapsToTheDriversOwn(String db) throws SQLException {
        open(db);
        Class<?> driverResultSet;
        try (Connection c = raw.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from way_item")) {
            driverResultSet = rs.getClass();
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("/* strata:nocache */ select id from way_item")) {
            assertThat(rs).isNotInstanceOf(driverResultSet);
            assertThat(rs.isWrapperFor(driverResultSet)).isTrue();
            assertThat(rs.unwrap(driverResultSet)).isInstanceOf(driverResultSet);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void generatedKeys_answerTheStrataStatement(String db) throws SQLException {
        open(db);
        try (Connection c = ds.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into way_item(id, name) values (?, ?)",
                     new String[] {"id"})) {
            cacheRowOne(c);
            insert.setInt(1, 4);
            insert.setString(2, "four");
            assertThat(insert.executeUpdate()).isEqualTo(1);
            try (ResultSet keys = insert.getGeneratedKeys()) {
                assertThat(keys.getStatement()).isSameAs(insert);
                assertThat(keys.next()).isTrue();
                assertThat(keys.getInt(1)).isEqualTo(4);
                rename(keys.getStatement().getConnection(), "via generated keys");
            }
            assertThat(nameOf(c, 1)).isEqualTo("via generated keys");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void metadata_leadsBackToTheStrataConnection(String db) throws SQLException {
        open(db);
        try (Connection c = ds.getConnection()) {
            cacheRowOne(c);
            DatabaseMetaData md = c.getMetaData();
            assertThat(md.getConnection()).isSameAs(c);
            try (Connection direct = raw.getConnection()) {
                assertThat(md.getDatabaseProductName()).isEqualTo(direct.getMetaData().getDatabaseProductName());
            }
            try (ResultSet tables = md.getTables(null, null, "%", new String[] {"TABLE"})) {
                Statement behind = tables.getStatement();
                // JDBC lets a metadata result have no statement; when the driver has one, it is a Strata one
                if (behind != null) {
                    assertThat(behind.getConnection()).isSameAs(c);
                    rename(behind.getConnection(), "via metadata statement");
                    cacheRowOne(c, "via metadata statement"); // read fresh, then cached again
                }
            }
            rename(md.getConnection(), "via metadata");
            assertThat(nameOf(c, 1)).isEqualTo("via metadata");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void arrays_leadBackToTheStrataStatement(String db) throws SQLException {
        open(db);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select array[1, 2, 3] from way_item where id = 1")) {
            assertThat(rs.next()).isTrue();
            for (java.sql.Array array : new java.sql.Array[] {rs.getArray(1), (java.sql.Array) rs.getObject(1)}) {
                assertThat(array.toString()).doesNotStartWith("Strata");
                try (ResultSet elements = array.getResultSet()) {
                    Statement behind = elements.getStatement();
                    if (behind != null) {
                        assertThat(behind.getConnection()).isSameAs(c);
                    }
                    int n = 0;
                    while (elements.next()) {
                        n++;
                    }
                    assertThat(n).isEqualTo(3);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void writeThroughAViewInATransaction_keepsItsReadsOfTheTableOffTheCache(String db) throws SQLException {
        open(db);
        // H2's views are read-only; its synonyms are written through
        Databases.exec(raw, db.equals("h2") ? "create synonym way_view for way_item"
                : "create view way_view as select * from way_item");
        try (Connection c = ds.getConnection(); Connection other = ds.getConnection()) {
            cacheRowOne(other);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("update way_view set name = 'uncommitted' where id = 1")).isEqualTo(1);
            }
            assertThat(nameOf(c, 1)).as("the transaction's own write").isEqualTo("uncommitted");
            assertThat(nameOf(c, 1)).isEqualTo("uncommitted");
            c.rollback();
            assertThat(nameOf(other, 1)).isEqualTo("one");
        } finally {
            Databases.exec(raw, db.equals("h2") ? "drop synonym if exists way_view" : "drop view if exists way_view");
        }
    }
}
