package org.stratacache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.stratacache.examples.analytics.AnalyticsApp;
import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Report;

class AnalyticsAppTest {

    @Test
    void run_smallWorkload_losesNoEventAndAnswersMatch() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        ExampleOptions options = ExampleOptions.parse(new String[] {"--operations=3000", "--seed=9"}, 3000);
        Report report = new AnalyticsApp(options, out).run();
        report.print(out);

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(report.isCorrect()).as(text).isTrue();
        assertThat(report.withStrata("events in the database")).isEqualTo("3,000");
        assertThat(report.withoutCache("events in the database")).isEqualTo("3,000");
        assertThat(text).contains("correctness: OK, no event lost");
    }
}
