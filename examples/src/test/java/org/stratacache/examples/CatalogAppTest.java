package org.stratacache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.stratacache.examples.catalog.CatalogApp;
import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Report;

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
}
