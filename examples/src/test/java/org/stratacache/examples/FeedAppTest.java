package org.stratacache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.stratacache.examples.feed.FeedApp;
import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Report;

class FeedAppTest {

    @Test
    void run_smallWorkload_answersMatchAndQueriesAreSaved() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ExampleOptions options = ExampleOptions.parse(new String[] {"--operations=1500", "--seed=5"}, 1500);
        Report report = new FeedApp(options, out).run();
        report.print(out);

        assertThat(report.isCorrect()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(Double.parseDouble(report.withStrata("hit ratio"))).isGreaterThan(0.0);
        assertThat(Long.parseLong(report.withStrata("queries saved").replace(",", ""))).isPositive();
    }

    @Test
    void run_twoNodes_postsOnOneNodeInvalidateTheOther() throws Exception {
        System.setProperty("hazelcast.logging.type", "slf4j");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ExampleOptions options = ExampleOptions.parse(
                new String[] {"--distributed", "--operations=1500", "--seed=6"}, 1500);
        Report report = new FeedApp(options, out).run();
        report.print(out);

        assertThat(report.isCorrect()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(report.withStrata("nodes")).isEqualTo("2");
        assertThat(Double.parseDouble(report.withStrata("hit ratio"))).isGreaterThan(0.0);
    }
}
