package org.stratacache.jdbc.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one table that decides what a function call in a SELECT means for caching.
 *
 * <ul>
 *   <li>{@link Verdict#DETERMINISTIC}: a built-in whose result depends only on its arguments and the rows
 *       read (aggregates, string, math, conversion, conditional, date arithmetic on given values). The
 *       query stays cacheable.</li>
 *   <li>{@link Verdict#VOLATILE}: a built-in that reads the clock, a random source, a sequence, the session
 *       or the server (now, random, uuid, nextval, current_user, pg_*, txid_* …). The query runs uncached;
 *       nothing is invalidated, since these do not write table data.</li>
 *   <li>{@link Verdict#UNKNOWN}: anything else, notably user-defined (stored) functions, which may write
 *       any table. The query runs uncached and, like CALL, invalidates every cached result.</li>
 * </ul>
 * Names are compared in lower case; a schema-qualified name is unknown unless the schema is
 * {@code pg_catalog}.
 */
public final class FunctionRules {
    /** What a function call means for caching. */
    public enum Verdict { DETERMINISTIC, VOLATILE, UNKNOWN }

    private static final Set<String> DETERMINISTIC = Set.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "every", "bool_and", "bool_or", "string_agg", "array_agg",
            "listagg", "group_concat", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "median", "mode", "percentile_cont", "percentile_disc", "json_agg", "jsonb_agg", "json_object_agg",
            "jsonb_object_agg", "any_value", "bit_and", "bit_or",
            // window functions (deterministic over the rows they see)
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
            "first_value", "last_value", "nth_value",
            // conditional and null handling
            "coalesce", "nullif", "greatest", "least", "ifnull", "nvl", "nvl2", "decode", "casewhen",
            // strings
            "lower", "upper", "lcase", "ucase", "length", "char_length", "character_length", "octet_length",
            "bit_length", "substring", "substr", "concat", "concat_ws", "trim", "ltrim", "rtrim", "btrim",
            "replace", "translate", "position", "strpos", "instr", "locate", "left", "right", "lpad", "rpad",
            "repeat", "reverse", "initcap", "split_part", "ascii", "chr", "char", "md5", "sha1", "sha256",
            "to_hex", "format", "quote_ident", "quote_literal", "regexp_replace", "regexp_like", "regexp_substr",
            "regexp_matches", "starts_with", "soundex", "difference", "space", "string_to_array",
            "array_to_string", "array_length", "cardinality", "unnest", "encode", "decode_hex",
            // numbers
            "abs", "round", "trunc", "truncate", "ceil", "ceiling", "floor", "mod", "power", "pow", "sqrt",
            "cbrt", "exp", "ln", "log", "log10", "sign", "div", "pi", "degrees", "radians", "sin", "cos", "tan",
            "asin", "acos", "atan", "atan2", "width_bucket", "bitand", "bitor", "bitxor", "scale",
            // conversion and dates computed from given values
            "cast", "convert", "to_char", "to_number", "to_date", "to_timestamp", "date_trunc", "date_part",
            "extract", "make_date", "make_time", "make_timestamp", "make_interval", "justify_days",
            "justify_hours", "age_between", "dateadd", "datediff", "year", "month", "day", "hour", "minute",
            "second", "date", "time", "timestamp", "dayofweek", "dayofmonth", "dayofyear", "week", "quarter", "isfinite",
            // json
            "json_build_object", "jsonb_build_object", "json_build_array", "jsonb_build_array", "to_json",
            "to_jsonb", "json_extract_path", "jsonb_extract_path", "json_extract_path_text",
            "jsonb_extract_path_text", "jsonb_array_length", "json_array_length", "jsonb_typeof", "json_typeof",
            "row_to_json", "jsonb_set", "jsonb_pretty");

    private static final Set<String> VOLATILE = Set.of(
            "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime", "sysdate",
            "systimestamp", "getdate", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
            "timeofday", "unix_timestamp", "curdate", "curtime", "current_time_millis", "age",
            "rand", "random", "random_uuid", "uuid", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v4",
            "newid", "setseed", "nextval", "currval", "lastval", "setval", "last_insert_id", "identity", "scope_identity",
            "user", "current_user", "session_user", "current_schema", "current_schemas", "current_catalog",
            "current_role", "current_database", "database", "schema", "version", "inet_client_addr",
            "inet_server_addr", "session_id", "connection_id", "disk_space_used", "lock_timeout", "memory_free",
            "memory_used", "readonly", "h2version", "transaction_id", "sleep");

    private FunctionRules() {
    }

    /** The verdict for a call of the function named by these name parts (schema parts first). */
    public static Verdict verdict(List<String> nameParts) {
        if (nameParts == null || nameParts.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        if (nameParts.size() > 2 || (nameParts.size() == 2
                && !"pg_catalog".equals(TableNames.normalise(nameParts.get(0))))) {
            return Verdict.UNKNOWN;
        }
        return verdict(nameParts.get(nameParts.size() - 1));
    }

    /** The verdict for an unqualified function name. */
    public static Verdict verdict(String name) {
        String n = TableNames.normalise(name).toLowerCase(Locale.ROOT);
        if (DETERMINISTIC.contains(n)) {
            return Verdict.DETERMINISTIC;
        }
        if (VOLATILE.contains(n) || n.startsWith("pg_") || n.startsWith("txid_") || n.startsWith("has_")
                && n.endsWith("_privilege")) {
            return Verdict.VOLATILE;
        }
        return Verdict.UNKNOWN;
    }

    /**
     * True for a bare word that SQL evaluates as a session or clock value although it looks like a column
     * ({@code CURRENT_DATE}, {@code USER}, …).
     */
    public static boolean isVolatileKeyword(String columnName) {
        String n = columnName.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "sysdate",
                    "systimestamp", "user", "current_user", "session_user", "current_schema", "current_role",
                    "current_catalog", "current_path", "system_user" -> true;
            default -> false;
        };
    }
}
