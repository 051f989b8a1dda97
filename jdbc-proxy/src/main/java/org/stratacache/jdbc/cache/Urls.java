package org.stratacache.jdbc.cache;

import java.util.regex.Pattern;

/** JDBC URL helpers: the Strata prefix, and masking credentials before a URL is logged or used in a key. */
public final class Urls {
    /** What a Strata URL starts with; the rest, after {@code jdbc:}, is the real URL. */
    public static final String PREFIX = "jdbc:strata:";

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password|pwd|passwd)=[^&;:]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]*):[^/@]*@");

    private Urls() {
    }

    /** {@code jdbc:strata:postgresql://h/db} becomes {@code jdbc:postgresql://h/db}. */
    public static String realUrl(String strataUrl) {
        return "jdbc:" + strataUrl.substring(PREFIX.length());
    }

    /** The URL with any password replaced by {@code ***}, safe to log, print and keep in a cache key. */
    public static String withoutPassword(String url) {
        if (url == null) {
            return null;
        }
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1=***");
        return USER_INFO.matcher(masked).replaceAll("//$1:***@");
    }
}
