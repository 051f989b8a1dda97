package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.ChildJvm;
import org.stratacache.testsupport.ProcessLines;
import org.stratacache.testsupport.TestCluster;

/** One member here, one in a child JVM ({@link MemberProcessMain}), both on loopback. */
class SeparateProcessTest {

    @Test
    void writes_inEitherProcess_areSeenByTheOtherAndInvalidateItsNearCopies() throws Exception {
        TestCluster cluster = TestCluster.unique("process");
        try (RegionStore here = TestClusters.startMember(cluster)) {
            Region<String, String> region = here.region("cross-process");
            Process child = ChildJvm.of(MemberProcessMain.class).jvmArgs("-Xmx256m")
                    .args(cluster.name(), Integer.toString(cluster.basePort())).inheritStderr().start();
            ProcessLines lines = ProcessLines.of(child);
            try (Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                assertThat(lines.next(Duration.ofSeconds(90))).as("child start").isEqualTo("ready");
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
            }
        }
    }

    private static String ask(Writer toChild, ProcessLines lines, String command) throws Exception {
        toChild.write(command + "\n");
        toChild.flush();
        String answer = lines.next(Duration.ofSeconds(10));
        assertThat(answer).as("answer to '%s'", command).isNotNull();
        return answer;
    }
}
