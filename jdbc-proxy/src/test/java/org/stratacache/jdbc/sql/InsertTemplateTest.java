package org.stratacache.jdbc.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class InsertTemplateTest {

    @Test
    void of_parametersAndLiterals_areReproducedPerRow() {
        InsertTemplate t = InsertTemplate.of(
                "INSERT INTO page_view (id, url, weight, note) VALUES (?, ?, -1.5, 'it''s'), (?, 'b', 7, NULL)");
        assertThat(t).isNotNull();
        assertThat(t.table()).isEqualTo("page_view");
        assertThat(t.columns()).containsExactly("id", "url", "weight", "note");
        assertThat(t.parameterCount()).isEqualTo(3);
        assertThat(t.rows(new Object[] {1L, "a", 2L})).containsExactly(
                List.of(1L, "a", new BigDecimal("-1.5"), "it's"),
                Arrays.asList(2L, "b", 7L, null));
    }

    @Test
    void of_singleRow_singleColumn() {
        InsertTemplate t = InsertTemplate.of("insert into s.t (a) values (?)");
        assertThat(t.table()).isEqualTo("s.t");
        assertThat(t.rows(new Object[] {"x"})).containsExactly(List.of("x"));
    }

    @Test
    void of_whatCannotBeReproduced_isNotATemplate() {
        assertThat(InsertTemplate.of("INSERT INTO t VALUES (1, 2)")).as("no column list").isNull();
        assertThat(InsertTemplate.of("INSERT INTO t (a, b) VALUES (now(), 2)")).as("function").isNull();
        assertThat(InsertTemplate.of("INSERT INTO t (a) SELECT a FROM u")).as("insert-select").isNull();
        assertThat(InsertTemplate.of("INSERT INTO t (a) VALUES (1) RETURNING a")).as("returning").isNull();
        assertThat(InsertTemplate.of("INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING")).isNull();
        assertThat(InsertTemplate.of("UPDATE t SET a = 1")).isNull();
        assertThat(InsertTemplate.of("not sql at all")).isNull();
    }

    @Test
    void rows_unboundParameter_failsNamingIt() {
        InsertTemplate t = InsertTemplate.of("INSERT INTO t (a, b) VALUES (?, ?)");
        assertThatThrownBy(() -> t.rows(new Object[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter 2");
    }
}
