package org.stratacache.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The skip-or-fail rule of the PostgreSQL fixture, with the environment given (H2 stands in for the server). */
class PostgresTest {
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream realOut;

    @BeforeEach
    void captureConsole() {
        realOut = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(realOut);
    }

    private String printed() {
        return console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void connectOrSkip_noUrl_skipsAndSaysWhyOnTheConsole() {
        assertThatThrownBy(() -> Postgres.connectOrSkip(Map.of(), "NoUrlTest"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("STRATA_PG_URL is not set");
        assertThat(printed()).startsWith("[SKIPPED] PostgreSQL tests of NoUrlTest skipped: STRATA_PG_URL is not set")
                .contains(".ci/pg start").contains("STRATA_PG_REQUIRED=true makes this a failure");
    }

    @Test
    void connectOrSkip_noUrlButRequired_fails() {
        assertThatThrownBy(() -> Postgres.connectOrSkip(Map.of("STRATA_PG_REQUIRED", "TRUE"), "RequiredTest"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("STRATA_PG_REQUIRED=true").hasMessageContaining("STRATA_PG_URL is not set");
        assertThat(printed()).isEmpty();
    }

    @Test
    void connectOrSkip_unreachableServer_skipsWithTheDriverError() {
        Map<String, String> env = Map.of("STRATA_PG_URL", "jdbc:h2:tcp://127.0.0.1:1/nothing-listens-here");
        assertThatThrownBy(() -> Postgres.connectOrSkip(env, "UnreachableTest"))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("cannot connect to jdbc:h2:tcp://127.0.0.1:1/");
        assertThat(printed()).contains("PostgreSQL tests of UnreachableTest skipped: cannot connect");
    }

    @Test
    void connectOrSkip_unreachableServerButRequired_failsWithTheDriverErrorAsCause() {
        Map<String, String> env = Map.of("STRATA_PG_URL", "jdbc:h2:tcp://127.0.0.1:1/nothing-listens-here",
                "STRATA_PG_REQUIRED", "true");
        assertThatThrownBy(() -> Postgres.connectOrSkip(env, "UnreachableRequiredTest"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("cannot connect")
                .hasCauseInstanceOf(java.sql.SQLException.class);
    }

    @Test
    void connectOrSkip_sameClassAndReason_saysItOnce() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> Postgres.connectOrSkip(Map.of(), "RepeatedTest"))
                    .isInstanceOf(TestAbortedException.class);
        }
        assertThat(printed().lines()).hasSize(1);
    }

    @Test
    void connectOrSkip_reachableServer_returnsADataSourceWithTheGivenCredentials() throws Exception {
        String url = H2.newMemoryUrl("pg-stand-in");
        UrlDataSource ds = Postgres.connectOrSkip(Map.of("STRATA_PG_URL", url, "STRATA_PG_USER", "sa",
                "STRATA_PG_PASSWORD", ""), "ReachableTest");
        assertThat(ds.url()).isEqualTo(url);
        assertThat(ds.user()).isEqualTo("sa");
        assertThat(ds.queryLong("SELECT 41 + 1")).isEqualTo(42);
        assertThat(printed()).isEmpty();
    }

    @Test
    void connectOrSkip_withoutUser_connectsAsPostgres() {
        // H2 creates the database for whoever connects first; the user must be the default, postgres.
        String url = H2.memoryUrl("pg-default-user-" + UUID.randomUUID());
        UrlDataSource ds = Postgres.connectOrSkip(Map.of("STRATA_PG_URL", url), "DefaultUserTest");
        assertThat(ds.user()).isEqualTo("postgres");
        assertThat(ds.password()).isEmpty();
    }
}
