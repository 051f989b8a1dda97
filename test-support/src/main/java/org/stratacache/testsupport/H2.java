package org.stratacache.testsupport;

import java.util.UUID;

/** H2 in-memory databases for tests: URLs and data sources (user {@code sa}, empty password). */
public final class H2 {
    public static final String USER = "sa";
    public static final String PASSWORD = "";

    private H2() {
    }

    /** The URL of the in-memory database {@code name}, kept until the JVM exits ({@code DB_CLOSE_DELAY=-1}). */
    public static String memoryUrl(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    /** The URL of a new in-memory database nobody else uses: {@code prefix} plus a random suffix. */
    public static String newMemoryUrl(String prefix) {
        return memoryUrl(prefix + "-" + UUID.randomUUID());
    }

    /** A data source over the in-memory database {@code name}. */
    public static UrlDataSource memory(String name) {
        return dataSource(memoryUrl(name));
    }

    /** A data source over a new in-memory database nobody else uses. */
    public static UrlDataSource newMemory(String prefix) {
        return dataSource(newMemoryUrl(prefix));
    }

    /** A data source over any H2 URL (in-memory, file, TCP) as user {@code sa}. */
    public static UrlDataSource dataSource(String url) {
        return new UrlDataSource(url, USER, PASSWORD);
    }
}
