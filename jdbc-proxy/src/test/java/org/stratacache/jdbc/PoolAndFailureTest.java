package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/** HikariCP behind and in front of Strata, and Strata's own failures degrading to pass-through. */
class PoolAndFailureTest {

    private static String nameOf(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from item where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static UrlDataSource itemDatabase() throws SQLException {
        UrlDataSource raw = H2.newMemory("jdbc");
        Databases.exec(raw, "create table item(id int primary key, name varchar(20))",
                "insert into item values (1, 'one')");
        return raw;
    }

    @Test
    void hikariBehindStrata_cachesAcrossBorrows_andSessionTaintFollowsThePhysicalConnection() throws SQLException {
        UrlDataSource raw = itemDatabase();
        HikariConfig config = new HikariConfig();
        config.setDataSource(raw);
        config.setMaximumPoolSize(1);
        try (HikariDataSource hikari = new HikariDataSource(config);
             StrataDataSource ds = StrataDataSource.wrap(hikari, Databases.settings())) {
            try (Connection c = ds.getConnection()) {
                assertThat(nameOf(c, 1)).isEqualTo("one");
            }
            try (Connection c = ds.getConnection()) {
                assertThat(nameOf(c, 1)).isEqualTo("one");
                c.createStatement().execute("set schema public");
            }
            assertThat(ds.statistics().hits()).isEqualTo(1);
            try (Connection c = ds.getConnection()) {
                assertThat(nameOf(c, 1)).isEqualTo("one");
            }
            assertThat(ds.statistics().hits()).as("the pooled physical connection is tainted").isEqualTo(1);
        }
    }

    @Test
    void hikariInFrontOfTheDriver_caches() throws SQLException {
        String db = H2.newMemoryUrl("pool");
        Databases.exec(db, "create table item(id int primary key, name varchar(20))", "insert into item values (1, 'one')");
        HikariConfig config = new HikariConfig();
        config.setDriverClassName(StrataDriver.class.getName());
        config.setJdbcUrl(db.replace("jdbc:", "jdbc:strata:"));
        config.setUsername("sa");
        config.setPassword("");
        config.addDataSourceProperty("strata.store.name", "hikari-front-" + UUID.randomUUID());
        try (HikariDataSource hikari = new HikariDataSource(config)) {
            try (Connection c = hikari.getConnection()) {
                assertThat(nameOf(c, 1)).isEqualTo("one");
            }
            Databases.exec(db, "update item set name = 'changed'");
            try (Connection c = hikari.getConnection()) {
                assertThat(nameOf(c, 1)).as("served from the cache").isEqualTo("one");
                c.createStatement().executeUpdate("update item set name = 'two'");
                assertThat(nameOf(c, 1)).isEqualTo("two");
            }
        }
    }

    @Test
    void strataFailure_degradesToPassThrough_andIsCounted() throws SQLException {
        UrlDataSource raw = itemDatabase();
        StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings());
        try (Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("one");
            ds.regionStore().close(); // the cache tier is gone from under the connection
            Databases.exec(raw, "update item set name = 'fresh'");
            assertThat(nameOf(c, 1)).isEqualTo("fresh");
            assertThat(c.createStatement().executeUpdate("update item set name = 'again'")).isEqualTo(1);
            assertThat(nameOf(c, 1)).isEqualTo("again");
        }
        assertThat(ds.statistics().strataFailures()).isPositive();
        ds.close();
    }

    @Test
    void closingTheDataSource_releasesItsStore() throws SQLException {
        StrataDataSource ds = StrataDataSource.wrap(itemDatabase(), Databases.settings());
        ds.close();
        assertThat(ds.regionStore().isClosed()).isTrue();
    }
}
