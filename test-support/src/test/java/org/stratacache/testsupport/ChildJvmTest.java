package org.stratacache.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    /** The child: echoes its arguments and a system property, then each stdin line upper-cased. */
    public static void main(String[] args) throws Exception {
        System.out.println("args " + String.join(",", args));
        System.out.println("property " + System.getProperty("child.test"));
        System.out.println("logging " + System.getProperty("slf4j.provider"));
        System.err.println("to stderr");
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            System.out.println(line.toUpperCase(java.util.Locale.ROOT));
            System.out.flush();
        }
        boolean junitVisible;
        try {
            Class.forName("org.junit.jupiter.api.Test");
            junitVisible = true;
        } catch (ClassNotFoundException e) {
            junitVisible = false;
        }
        System.out.println("junit " + junitVisible);
    }

    @Test
    void start_runsMainWithArgsOptionsAndForwardedSettings_andLinesComeBackInOrder(@TempDir Path dir)
            throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process child = ChildJvm.of(ChildJvmTest.class).jvmArgs("-Xmx64m", "-Dchild.test=yes").args("a", "b c")
                .stderrTo(stderr).start();
        try {
            ProcessLines lines = ProcessLines.of(child);
            assertThat(lines.next(Duration.ofSeconds(60))).isEqualTo("args a,b c");
            assertThat(lines.next(Duration.ofSeconds(10))).isEqualTo("property yes");
            assertThat(lines.next(Duration.ofSeconds(10))).isEqualTo("logging " + System.getProperty("slf4j.provider"));
            try (Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                toChild.write("hello\n");
                toChild.flush();
                assertThat(lines.next(Duration.ofSeconds(10))).isEqualTo("HELLO");
                assertThat(lines.next(Duration.ofMillis(200))).as("nothing more until asked").isNull();
                toChild.write("exit\n");
            }
            assertThat(lines.awaitStartingWith("junit ", Duration.ofSeconds(10))).isEqualTo("junit true");
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(lines.next(Duration.ofSeconds(5))).as("end of stream").isNull();
            assertThat(Files.readString(stderr)).contains("to stderr");
            assertThat(lines.seen()).startsWith("args a,b c");
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void classPathWithout_dropsTheNamedJars() throws Exception {
        Process child = ChildJvm.of(ChildJvmTest.class).classPathWithout(name -> name.startsWith("junit-jupiter-api"))
                .mergeStderr().start();
        try {
            child.getOutputStream().close(); // no stdin lines: straight to the end
            String out = ProcessLines.of(child).rest(Duration.ofSeconds(60));
            assertThat(out).contains("args \n").contains("to stderr").contains("junit false");
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void expandedClassPath_listsRealEntries() {
        assertThat(ChildJvm.expandedClassPath()).isNotEmpty()
                .noneMatch(e -> new File(e).getName().startsWith("surefirebooter"))
                .anyMatch(e -> new File(e).getName().startsWith("junit-jupiter-api"));
    }
}
