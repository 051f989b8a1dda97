package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.Postgres;

/**
 * {@code where id = any (?)} with an array parameter, as Hibernate's PostgreSQL dialect batch-fetches: cached
 * per array content, fresh after a write, and never answered for another array.
 */
class ArrayParameterTest {

    @Test
    void anyOfAnArrayParameter_isCachedPerContent_andInvalidatedByWrites_onPostgresql() throws SQLException {
        DataSource pg = Postgres.connectOrSkip();
        Databases.exec(pg, "DROP TABLE IF EXISTS arr_item", "CREATE TABLE arr_item (id int PRIMARY KEY, name text)",
                "INSERT INTO arr_item VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        try (StrataDataSource ds = StrataDataSource.wrap(pg, Databases.settings("strata.jdbc.admission", "first-miss"));
             Connection c = ds.getConnection()) {
            assertThat(names(c, 1, 2)).containsExactly("a", "b");
            assertThat(names(c, 1, 2)).containsExactly("a", "b");
            assertThat(ds.statistics().hits()).as("the same array: a hit").isEqualTo(1);
            assertThat(names(c, 2, 3)).as("another array is another key").containsExactly("b", "c");
            assertThat(ds.statistics().hits()).isEqualTo(1);
            try (PreparedStatement ps = c.prepareStatement("UPDATE arr_item SET name = 'z' WHERE id = 1")) {
                ps.executeUpdate();
            }
            assertThat(names(c, 1, 2)).as("fresh after the write").containsExactly("z", "b");
            assertThat(ds.statistics().uncached()).isZero();
        } finally {
            Databases.exec(pg, "DROP TABLE arr_item");
        }
    }

    private static List<String> names(Connection c, Integer... ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM arr_item WHERE id = any (?) ORDER BY id")) {
            Array array = c.createArrayOf("int4", ids);
            ps.setArray(1, array);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }
}
