package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;

/** One member here, one in a child JVM ({@link MemberProcessMain}), both on loopback. */
class SeparateProcessTest {

    @Test
    void writes_inEitherProcess_areSeenByTheOtherAndInvalidateItsNearCopies() throws Exception {
        TestClusters.Cluster cluster = TestClusters.Cluster.unique("process");
        try (RegionStore here = cluster.startMember()) {
            Region<String, String> region = here.region("cross-process");
            Process child = startChild(cluster);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread pump = pump(child, lines);
            try (Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                assertThat(lines.poll(90, TimeUnit.SECONDS)).as("child start").isEqualTo("ready");
                TestClusters.awaitClusterSize(here, 2);

                assertThat(region.get("from-child")).startsWith("hello from pid " + child.pid());

                region.put("shared", "v1");
                assertThat(ask(toChild, lines, "get shared")).isEqualTo("value shared v1");
                assertThat(ask(toChild, lines, "get shared")).isEqualTo("value shared v1"); // now a near copy
                region.put("shared", "v2");
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() ->
                        ask(toChild, lines, "get shared").equals("value shared v2"));

                region.get("from-parent-read");
                assertThat(ask(toChild, lines, "put child-key child-value")).isEqualTo("ok");
                region.get("child-key");
                region.get("child-key");
                assertThat(ask(toChild, lines, "put child-key child-value-2")).isEqualTo("ok");
                await().atMost(Duration.ofSeconds(5)).until(() -> "child-value-2".equals(region.get("child-key")));

                toChild.write("exit\n");
                toChild.flush();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exits").isTrue();
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
                pump.interrupt();
            }
        }
    }

    private static Process startChild(TestClusters.Cluster cluster) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx256m", "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"), MemberProcessMain.class.getName(), cluster.name(),
                Integer.toString(cluster.basePort())));
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        return builder.start();
    }

    /** Child stdout lines into a queue, so every wait on the child is bounded. */
    private static Thread pump(Process child, BlockingQueue<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "child-stdout");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String ask(Writer toChild, BlockingQueue<String> lines, String command) throws Exception {
        toChild.write(command + "\n");
        toChild.flush();
        String answer = lines.poll(10, TimeUnit.SECONDS);
        assertThat(answer).as("answer to '%s'", command).isNotNull();
        return answer;
    }
}
