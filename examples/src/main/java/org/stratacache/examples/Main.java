package org.stratacache.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.stratacache.examples.analytics.AnalyticsApp;
import org.stratacache.examples.catalog.CatalogApp;
import org.stratacache.examples.feed.FeedApp;
import org.stratacache.examples.support.ExampleOptions;
import org.stratacache.examples.support.Report;

/**
 * Runs the examples: {@code catalog} (the default), {@code feed}, {@code analytics} or {@code all}.
 *
 * <pre>
 * mvn -q -pl examples -am -DskipTests package exec:java -Dexec.args="all --operations=20000"
 * options: [--jdbc-url=URL --user=U --password=P] [--operations=N] [--seed=N]
 * </pre>
 * Exits with status 1 when a report's correctness line says MISMATCH.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // Hibernate logs through JBoss Logging; route it to SLF4J so simplelogger.properties applies.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.setProperty("hazelcast.logging.type", "slf4j");
        List<Report> reports = run(args, System.out);
        if (!reports.stream().allMatch(Report::isCorrect)) {
            System.exit(1);
        }
    }

    /** Runs the chosen examples and prints their reports. */
    public static List<Report> run(String[] args, PrintStream out) throws Exception {
        String which = Arrays.stream(args).filter(a -> !a.startsWith("--")).findFirst().orElse("catalog");
        ExampleOptions options = ExampleOptions.parse(args, 20_000);
        List<Report> reports = new ArrayList<>();
        if (which.equals("catalog") || which.equals("all")) {
            reports.add(new CatalogApp(options, out).run());
        }
        if (which.equals("feed") || which.equals("all")) {
            reports.add(new FeedApp(options, out).run());
        }
        if (which.equals("analytics") || which.equals("all")) {
            reports.add(new AnalyticsApp(options, out).run());
        }
        reports.forEach(r -> r.print(out));
        return reports;
    }
}
