package org.stratacache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.stratacache.examples.catalog.CatalogApp;
import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Report;
import org.stratacache.testsupport.Postgres;
import org.stratacache.testsupport.UrlDataSource;

class CatalogAppTest {

    @Test
    void run_smallWorkload_answersMatchAndTheCacheServesReads() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ExampleOptions options = ExampleOptions.parse(new String[] {"--operations=800", "--seed=3"}, 800);
        Report report = new CatalogApp(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(report.isCorrect()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(Double.parseDouble(report.withStrata("L2 hit ratio"))).isGreaterThan(0.0);
        long plainStatements = Long.parseLong(report.withoutCache("database statements").replace(",", ""));
        long cachedStatements = Long.parseLong(report.withStrata("database statements").replace(",", ""));
        assertThat(cachedStatements).isLessThan(plainStatements);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("correctness: OK");
    }

    @Test
    void run_twoNodes_updatesReachTheOtherNodeAndAnswersMatch() {
        System.setProperty("hazelcast.logging.type", "slf4j");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ExampleOptions options = ExampleOptions.parse(
                new String[] {"--distributed", "--operations=600", "--seed=4"}, 600);
        Report report = new CatalogApp(options, out).run();
        report.print(out);

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(report.isCorrect()).as(text).isTrue();
        assertThat(report.withStrata("nodes")).isEqualTo("2");
        assertThat(text).contains("were read on the other within").contains("(0 were not)");
        assertThat(Double.parseDouble(report.withStrata("L2 hit ratio"))).isGreaterThan(0.0);
    }

    /**
     * Hibernate without a second-level cache, batch-fetching lazy associations, over {@code jdbc:strata:}: on
     * PostgreSQL (array parameters, {@code set client_min_messages} from the schema tooling) the JDBC cache must
     * serve about as much as on H2, with every answer equal to the database's.
     */
    @Test
    void jdbcCache_onPostgres_hitsAsOftenAsOnH2_andAnswersMatch() {
        UrlDataSource postgres = Postgres.connectOrSkip();
        StringBuilder printed = new StringBuilder();
        Report h2 = jdbcRun(printed, "--cache=jdbc", "--operations=1500", "--seed=5");
        Report pg = jdbcRun(printed, "--cache=jdbc", "--operations=1500", "--seed=5", "--jdbc-url=" + postgres.url(),
                "--user=" + postgres.user(), "--password=" + postgres.password());

        double h2Ratio = Double.parseDouble(h2.withStrata("JDBC hit ratio"));
        double pgRatio = Double.parseDouble(pg.withStrata("JDBC hit ratio"));
        // the whole printout in the message: a failure says how the reads were counted (hits, misses, uncached
        // by reason) on both databases
        assertThat(h2Ratio).as("H2's JDBC hit ratio; %s", printed).isGreaterThan(0.1);
        assertThat(pgRatio).as("PostgreSQL %s against H2 %s; %s", pgRatio, h2Ratio, printed)
                .isGreaterThanOrEqualTo(h2Ratio - 0.10);
    }

    private static Report jdbcRun(StringBuilder transcript, String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Report report = new CatalogApp(ExampleOptions.parse(args, 1500), out).run();
        report.print(out);
        assertThat(report.isCorrect()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("correctness: OK");
        transcript.append(printed.toString(StandardCharsets.UTF_8));
        return report;
    }
}
