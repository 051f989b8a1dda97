package org.stratacache.core.writebehind.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;

class SqlDialectTest {
    private static final List<String> COLUMNS = List.of("k", "a", "b");
    private static final List<String> KEYS = List.of("k");

    @Test
    void upsert_spelledPerDialect() {
        assertThat(SqlDialect.H2.upsert("t", COLUMNS, KEYS))
                .isEqualTo("MERGE INTO t (k, a, b) KEY (k) VALUES (?, ?, ?)");
        assertThat(SqlDialect.POSTGRESQL.upsert("t", COLUMNS, KEYS))
                .isEqualTo("INSERT INTO t (k, a, b) VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET a = EXCLUDED.a, "
                        + "b = EXCLUDED.b");
        assertThat(SqlDialect.MYSQL.upsert("t", COLUMNS, KEYS))
                .isEqualTo("INSERT INTO t (k, a, b) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE a = VALUES(a), "
                        + "b = VALUES(b)");
        assertThat(SqlDialect.STANDARD.upsert("t", COLUMNS, KEYS))
                .isEqualTo("MERGE INTO t t USING (VALUES (?, ?, ?)) s (k, a, b) ON (t.k = s.k) WHEN MATCHED THEN "
                        + "UPDATE SET a = s.a, b = s.b WHEN NOT MATCHED THEN INSERT (k, a, b) VALUES (s.k, s.a, s.b)");
        assertThat(SqlDialect.POSTGRESQL.upsert("t", KEYS, KEYS)).endsWith("ON CONFLICT (k) DO NOTHING");
    }

    @Test
    void insertIfAbsentAndDelete_spelledPerDialect() {
        assertThat(SqlDialect.POSTGRESQL.insertIfAbsent("t", COLUMNS, KEYS)).endsWith("ON CONFLICT (k) DO NOTHING");
        assertThat(SqlDialect.MYSQL.insertIfAbsent("t", COLUMNS, KEYS)).endsWith("ON DUPLICATE KEY UPDATE k = k");
        assertThat(SqlDialect.H2.insertIfAbsent("t", COLUMNS, KEYS)).isEqualTo(SqlDialect.STANDARD.insertIfAbsent("t",
                COLUMNS, KEYS)).doesNotContain("WHEN MATCHED");
        assertThat(SqlDialect.H2.delete("s.t", List.of("x", "y"))).isEqualTo("DELETE FROM s.t WHERE x = ? AND y = ?");
    }

    @Test
    void detect_fromProductName() {
        assertThat(SqlDialect.fromProductName("H2")).isEqualTo(SqlDialect.H2);
        assertThat(SqlDialect.fromProductName("PostgreSQL")).isEqualTo(SqlDialect.POSTGRESQL);
        assertThat(SqlDialect.fromProductName("MySQL")).isEqualTo(SqlDialect.MYSQL);
        assertThat(SqlDialect.fromProductName("MariaDB")).isEqualTo(SqlDialect.MYSQL);
        assertThat(SqlDialect.fromProductName("Oracle")).isEqualTo(SqlDialect.STANDARD);
    }

    @Test
    void builder_rejectsBadIdentifiersAndMissingMode() {
        javax.sql.DataSource ds = H2.memory("never-connected");
        assertThatThrownBy(() -> JdbcTableWriter.builder(ds, "t; DROP TABLE x")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("not a valid SQL table name");
        assertThatThrownBy(() -> JdbcTableWriter.builder(ds, "t").build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("choose a mode");
        assertThatThrownBy(() -> JdbcTableWriter.builder(ds, "t").upsert("id").appendOnly())
                .isInstanceOf(IllegalStateException.class);
        assertThat(JdbcTableWriter.builder(ds, "public.\"Page Views\"").appendOnly().build().table())
                .isEqualTo("public.\"Page Views\"");
    }

    @Test
    void tableRow_validatesAndLooksUpColumnsIgnoringCase() {
        TableRow row = TableRow.of(List.of("ID", "url"), java.util.Arrays.asList(1, null));
        assertThat(row.value("id")).isEqualTo(1);
        assertThat(row.value("URL")).isNull();
        assertThat(row.with("extra", 2).columns()).containsExactly("ID", "url", "extra");
        assertThatThrownBy(() -> TableRow.of(List.of("a", "A"), List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> TableRow.of(List.of("a"), List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 columns");
    }
}
