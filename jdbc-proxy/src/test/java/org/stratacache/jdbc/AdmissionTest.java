package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/**
 * {@code strata.jdbc.admission}: with {@code second-miss} a result is stored on the query's second miss only;
 * {@code second-miss-when-full} (the default) does so once the region is full.
 * As in {@link ReadWritePathTest}, a write behind Strata's back tells a cached answer (old value) from a
 * database answer (new value).
 */
class AdmissionTest {
    private UrlDataSource raw;

    @BeforeEach
    void setUp() throws SQLException {
        raw = H2.newMemory("jdbc");
        Databases.exec(raw, "create table item(id int primary key, name varchar(50))");
        StringBuilder insert = new StringBuilder("insert into item values ");
        for (int id = 1; id <= 600; id++) {
            insert.append(id == 1 ? "" : ", ").append("(").append(id).append(", 'item ").append(id).append("')");
        }
        Databases.exec(raw, insert.toString());
    }

    private static String nameOf(Connection c, String sql, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String nameOf(Connection c, int id) throws SQLException {
        return nameOf(c, "select name from item where id = ?", id);
    }

    @Test
    void secondMiss_storesOnTheSecondExecution_andServesTheThird() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.admission", "second-miss"));
             Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("item 1");
            Databases.exec(raw, "update item set name = 'first change' where id = 1");
            assertThat(nameOf(c, 1)).as("the first miss stored nothing").isEqualTo("first change");
            Databases.exec(raw, "update item set name = 'second change' where id = 1");
            assertThat(nameOf(c, 1)).as("the second miss stored its result").isEqualTo("first change");

            assertThat(ds.statistics().hits()).isEqualTo(1);
            assertThat(ds.statistics().misses()).isEqualTo(2);
            assertThat(ds.statistics().notAdmitted()).isEqualTo(1);
        }
    }

    @Test
    void firstMiss_storesAtOnce() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.admission", "first-miss"));
             Connection c = ds.getConnection()) {
            assertThat(nameOf(c, 1)).isEqualTo("item 1");
            Databases.exec(raw, "update item set name = 'changed' where id = 1");
            assertThat(nameOf(c, 1)).isEqualTo("item 1");
            assertThat(ds.statistics().notAdmitted()).isZero();
        }
    }

    @Test
    void theDefault_storesOnFirstMissWhileTheRegionHasRoom_andOnSecondMissOnceFull() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(raw,
                Databases.settings("strata.region.jdbc-query-results.max-entries", "50"));
             Connection c = ds.getConnection()) {
            for (int id = 1; id <= 40; id++) {
                nameOf(c, id);
            }
            assertThat(ds.statistics().notAdmitted()).as("room left: every result stored at once").isZero();
            Databases.exec(raw, "update item set name = 'changed' where id = 1");
            assertThat(nameOf(c, 1)).isEqualTo("item 1");

            for (int id = 41; id <= 300; id++) {
                nameOf(c, id);
            }
            assertThat(ds.statistics().notAdmitted()).as("full: queries run once pass through")
                    .isGreaterThan(200);

            assertThat(nameOf(c, 500)).isEqualTo("item 500");
            Databases.exec(raw, "update item set name = 'first change' where id = 500");
            assertThat(nameOf(c, 500)).as("full: the first miss stored nothing").isEqualTo("first change");
            Databases.exec(raw, "update item set name = 'second change' where id = 500");
            assertThat(nameOf(c, 500)).as("the second miss stored its result").isEqualTo("first change");
        }
    }

    @Test
    void secondMiss_keepsOneOffQueriesFromEvictingTheHotOne() throws SQLException {
        assertThat(hotQuerySurvives("second-miss")).isTrue();
        assertThat(hotQuerySurvives("first-miss")).as("the contrast: one-off results push it out").isFalse();
    }

    /** Reads one query twice, then 500 others once each in a 50-entry region: is the first still cached? */
    private boolean hotQuerySurvives(String admission) throws SQLException {
        Databases.exec(raw, "update item set name = 'hot' where id = 600");
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.admission", admission,
                "strata.region.jdbc-query-results.max-entries", "50"));
             Connection c = ds.getConnection()) {
            nameOf(c, 600);
            nameOf(c, 600);
            for (int id = 1; id <= 500; id++) {
                assertThat(nameOf(c, id)).isEqualTo("item " + id);
            }
            Databases.exec(raw, "update item set name = 'changed behind the back' where id = 600");
            return "hot".equals(nameOf(c, 600));
        }
    }

    @Test
    void secondMiss_queriesThatDifferOnlyInParameters_areNotMistakenForRepeats() throws SQLException {
        int queries = 5_000;
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.admission", "second-miss"));
             Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("select name from item where id = ? and ? < 0")) {
            for (int n = 1; n <= queries; n++) {
                // parameter pairs such as (id, n) and (id + 1, n + 31) once shared a hash
                ps.setInt(1, 1 + n % 600);
                ps.setInt(2, -n);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            assertThat(ds.statistics().misses()).isEqualTo(queries);
            assertThat(ds.statistics().notAdmitted()).as("stored although never run before")
                    .isGreaterThanOrEqualTo(queries * 97L / 100);
        }
    }

    @Test
    void secondMiss_cacheHint_isStoredOnItsFirstMiss() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.admission", "second-miss"));
             Connection c = ds.getConnection()) {
            String hinted = "/* strata:cache ttl=60s */ select name from item where id = ?";
            assertThat(nameOf(c, hinted, 2)).isEqualTo("item 2");
            Databases.exec(raw, "update item set name = 'changed' where id = 2");
            assertThat(nameOf(c, hinted, 2)).isEqualTo("item 2");
        }
    }

    @Test
    void secondMiss_writesStillInvalidate() throws SQLException {
        try (StrataDataSource ds = StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.admission", "second-miss"));
             Connection c = ds.getConnection()) {
            nameOf(c, 3);
            nameOf(c, 3);
            try (var s = c.createStatement()) {
                s.executeUpdate("update item set name = 'through strata' where id = 3");
            }
            assertThat(nameOf(c, 3)).isEqualTo("through strata");
        }
    }

    @Test
    void unknownAdmission_isRefusedNamingTheKey() {
        assertThatThrownBy(() -> StrataDataSource.wrap(raw, Databases.settings("strata.jdbc.admission", "sometimes")))
                .hasMessageContaining("strata.jdbc.admission").hasMessageContaining("sometimes");
    }
}
