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
    void of_withoutColumnList_takesTheTablesColumnsInOrder() {
        InsertTemplate t = InsertTemplate.of("INSERT INTO t VALUES (?, 'x', ?), (3, ?, NULL)");
        assertThat(t.hasColumnList()).isFalse();
        assertThat(t.columns()).isEmpty();
        assertThat(t.width()).isEqualTo(3);
        assertThat(t.withColumns(List.of("a", "b"))).as("two columns, three values").isNull();
        InsertTemplate resolved = t.withColumns(List.of("\"A\"", "\"B\"", "\"C\""));
        assertThat(resolved.columns()).containsExactly("\"A\"", "\"B\"", "\"C\"");
        assertThat(resolved.rows(new Object[] {1L, 2L, "y"})).containsExactly(
                List.of(1L, "x", 2L), Arrays.asList(3L, "y", null));
        assertThat(InsertTemplate.of("INSERT INTO t VALUES (1, 2), (3)")).as("rows of different widths").isNull();
    }

    @Test
    void of_oneRowOfParenthesisedCells_isNotReadAsSeveralRows() {
        assertThat(InsertTemplate.of("INSERT INTO t VALUES ((1), (2))")).isNull();
        assertThat(InsertTemplate.of("INSERT INTO t (a) VALUES ((1), (2))")).isNull();
        assertThat(InsertTemplate.of("INSERT INTO t (a) VALUES (1), (2)").rowCount()).isEqualTo(2);
        assertThat(InsertTemplate.of("INSERT INTO t VALUES (1), (2)").rowCount()).isEqualTo(2);
    }

    @Test
    void parse_saysWhyNot() {
        assertThat(InsertTemplate.parse("UPDATE t SET a = 1").refusal())
                .isEqualTo(InsertTemplate.Refusal.NOT_AN_INSERT);
        assertThat(InsertTemplate.parse("INSERT INTO t (a) SELECT a FROM u").refusal())
                .isEqualTo(InsertTemplate.Refusal.NOT_PLAIN_VALUES);
        assertThat(InsertTemplate.parse("INSERT INTO t DEFAULT VALUES").refusal())
                .isEqualTo(InsertTemplate.Refusal.NOT_PLAIN_VALUES);
        assertThat(InsertTemplate.parse("INSERT INTO t (a, b) VALUES (now(), 2)").refusal())
                .isEqualTo(InsertTemplate.Refusal.UNSUPPORTED_CELL);
        assertThat(InsertTemplate.parse("INSERT INTO t (a) VALUES (1)").refusal()).isNull();
    }

    @Test
    void of_whatCannotBeReproduced_isNotATemplate() {
        assertThat(InsertTemplate.of("INSERT INTO t (a, b) VALUES (now(), 2)")).as("function").isNull();
        assertThat(InsertTemplate.of("INSERT INTO t (a, b) VALUES (1)")).as("fewer values than columns").isNull();
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
