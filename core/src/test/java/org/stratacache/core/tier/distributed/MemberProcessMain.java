package org.stratacache.core.tier.distributed;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.stratacache.core.Region;
import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.TestCluster;

/**
 * A Strata member in its own JVM, driven line by line on stdin by {@link SeparateProcessTest}:
 * {@code get <key>} prints {@code value <key> <value-or-null>}, {@code put <key> <value>} prints
 * {@code ok}, {@code exit} closes the store. It writes {@code from-child} on start and prints {@code ready}.
 */
public final class MemberProcessMain {
    private MemberProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        String clusterName = args[0];
        int basePort = Integer.parseInt(args[1]);
        Map<String, String> settings = TestClusters.memberSettings(new TestCluster(clusterName, basePort));
        try (RegionStore store = RegionStore.fromProperties(settings)) {
            Region<String, String> region = store.region("cross-process");
            region.put("from-child", "hello from pid " + ProcessHandle.current().pid());
            System.out.println("ready");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.trim().split(" ", 3);
                switch (words[0]) {
                    case "get" -> System.out.println("value " + words[1] + " " + region.get(words[1]));
                    case "put" -> {
                        region.put(words[1], words[2]);
                        System.out.println("ok");
                    }
                    case "exit" -> {
                        return;
                    }
                    default -> System.out.println("unknown command " + line);
                }
                System.out.flush();
            }
        }
    }
}
