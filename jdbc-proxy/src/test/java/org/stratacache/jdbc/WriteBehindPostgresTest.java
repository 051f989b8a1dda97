package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.Postgres;

/**
 * Write-behind inserts without a column list on PostgreSQL: the columns come from the metadata in ordinal
 * order, quoted as stored (a mixed-case column), for a schema-qualified table, and again after DDL.
 */
class WriteBehindPostgresTest {
    private DataSource pg;
    private String schema;

    @BeforeEach
    void setUp() throws SQLException {
        pg = Postgres.connectOrSkip();
        schema = "wb_" + Long.toHexString(System.nanoTime());
        Databases.exec(pg, "create schema " + schema,
                "create table " + schema + ".events (id bigint primary key, \"Kind\" text, n int)");
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (pg == null) {
            return; // skipped in setUp: no PostgreSQL configured, nothing was created
        }
        Databases.exec(pg, "drop schema if exists " + schema + " cascade");
    }

    @Test
    void insertWithoutColumnList_isQueued_withTheTablesColumnsAsStored_andAfterDdl() throws SQLException {
        String events = schema + ".events";
        try (StrataDataSource ds = StrataDataSource.wrap(pg, Databases.settings(
                "strata.write-behind.tables", events, "strata.write-behind.max-delay", "1h"));
             Connection c = ds.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into " + events + " values (?, ?, ?)");
             Statement s = c.createStatement()) {
            for (int i = 1; i <= 3; i++) {
                insert.setLong(1, i);
                insert.setString(2, "k" + i);
                insert.setInt(3, i * 10);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            assertThat(s.executeUpdate("insert into " + events + " values (4, 'k4', 40), (5, null, 50)"))
                    .isEqualTo(2);
            assertThat(count("select count(*) from " + events)).as("queued").isZero();

            s.execute("alter table " + events + " add column extra text");
            assertThat(s.executeUpdate("insert into " + events + " values (6, 'k6', 60, 'x')")).isEqualTo(1);
            assertThat(count("select count(*) from " + events)).as("flushed by the DDL, then queued").isEqualTo(5);

            assertThat(rows(c, "select id, \"Kind\", n, extra from " + events + " order by id")).containsExactly(
                    "1 k1 10 null", "2 k2 20 null", "3 k3 30 null", "4 k4 40 null", "5 null 50 null", "6 k6 60 x");
            assertThat(ds.statistics().writeBehindNotQueued()).isEmpty();
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = pg.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
