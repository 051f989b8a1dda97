package org.stratacache.core.tier.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.core.StrataConfigException;

/** Hazelcast is optional: the local tier works without it, the distributed tier says what is missing. */
class LocalTierWithoutHazelcastTest {

    /** Runs in a child JVM whose class path lacks Hazelcast. */
    public static void main(String[] args) {
        try (RegionStore store = RegionStore.fromProperties(Map.of())) {
            store.region("r").put("k", "v");
            System.out.println("local " + store.region("r").get("k"));
        }
        try {
            RegionStore.fromProperties(Map.of("strata.tier", "distributed")).close();
            System.out.println("distributed started?!");
        } catch (StrataConfigException e) {
            System.out.println("distributed refused: " + e.getMessage());
        }
    }

    @Test
    void localTier_withoutHazelcastOnTheClassPath_works_andTheDistributedTierNamesTheMissingJar() throws Exception {
        List<String> classPath = new ArrayList<>();
        for (String entry : expandedClassPath()) {
            if (!new File(entry).getName().startsWith("hazelcast")) {
                classPath.add(entry);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, classPath),
                LocalTierWithoutHazelcastTest.class.getName()).redirectErrorStream(true).start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finishes").isTrue();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(out).contains("local v")
                    .contains("distributed refused: strata.tier=distributed needs com.hazelcast:hazelcast");
            assertThat(child.exitValue()).as(out).isZero();
        } finally {
            child.destroyForcibly();
        }
    }

    /** The test class path, with surefire's manifest-only jar opened up. */
    private static List<String> expandedClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String manifestPath = null;
            if (entry.endsWith(".jar") && new File(entry).getName().startsWith("surefirebooter")) {
                try (JarFile jar = new JarFile(entry)) {
                    manifestPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                }
            }
            if (manifestPath == null) {
                entries.add(entry);
                continue;
            }
            for (String url : manifestPath.trim().split("\\s+")) {
                URI uri = new File(entry).toURI().resolve(url);
                entries.add(new File(uri).getPath());
            }
        }
        return entries;
    }
}
