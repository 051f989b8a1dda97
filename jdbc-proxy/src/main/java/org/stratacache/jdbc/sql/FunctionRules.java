package org.stratacache.jdbc.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one table that decides what a function call in a statement means for caching.
 *
 * <ul>
 *   <li>{@link Verdict#DETERMINISTIC}: a built-in whose result depends only on its arguments and the rows
 *       read (aggregates, window functions, string, math, array, range, JSON, conversion, conditional, date
 *       arithmetic on given values), and the SQL constructs JSqlParser reads as calls although they are not
 *       ({@code = ANY(…)}, {@code ALL(…)}, {@code SOME(…)}, {@code ARRAY(…)}, {@code ROW(…)}). The query stays
 *       cacheable.</li>
 *   <li>{@link Verdict#VOLATILE}: a built-in that reads the clock, a random source, a sequence, the session,
 *       the catalog or the server (now, random, uuid, nextval, current_user, current_setting, pg_*, txid_* …).
 *       The query runs uncached; nothing is invalidated, since these do not write table data.</li>
 *   <li>{@link Verdict#UNKNOWN}: anything else, notably user-defined (stored) functions, which may write
 *       any table (or change session state: {@code set_config}). The analysis records their names
 *       ({@link SqlAnalysis.UserFunctions}); at execution the database's catalog says how volatile they are
 *       ({@code jdbc.cache.FunctionVolatility}). Until it does (volatile, unknown), the query runs uncached
 *       and, like CALL, invalidates every cached result.</li>
 * </ul>
 * Names are compared in lower case; a schema-qualified name is unknown unless the schema is
 * {@code pg_catalog}, and so is a quoted name ({@code "Lower"} may be a user's function: PostgreSQL and H2
 * read it case-sensitively).
 */
public final class FunctionRules {
    /** What a function call means for caching. */
    public enum Verdict { DETERMINISTIC, VOLATILE, UNKNOWN }

    /** SQL constructs that JSqlParser reads as function calls. */
    private static final Set<String> CONSTRUCTS = Set.of("any", "all", "some", "array", "row", "exists", "values");

    private static final Set<String> DETERMINISTIC = Set.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "every", "bool_and", "bool_or", "string_agg", "array_agg",
            "listagg", "group_concat", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            "median", "mode", "percentile_cont", "percentile_disc", "json_agg", "jsonb_agg", "json_object_agg",
            "jsonb_object_agg", "any_value", "bit_and", "bit_or", "bit_xor", "bit_and_agg", "bit_or_agg",
            "bit_xor_agg", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "regr_count",
            "regr_r2", "regr_avgx", "regr_avgy", "regr_sxx", "regr_syy", "regr_sxy", "xmlagg", "range_agg",
            "range_intersect_agg", "json_objectagg", "json_arrayagg", "histogram", "grouping",
            // window functions (deterministic over the rows they see)
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
            "first_value", "last_value", "nth_value", "ratio_to_report",
            // conditional and null handling
            "coalesce", "nullif", "greatest", "least", "ifnull", "nvl", "nvl2", "decode", "casewhen",
            "num_nulls", "num_nonnulls",
            // strings
            "lower", "upper", "lcase", "ucase", "length", "char_length", "character_length", "octet_length",
            "bit_length", "substring", "substr", "concat", "concat_ws", "trim", "ltrim", "rtrim", "btrim",
            "replace", "translate", "position", "strpos", "instr", "locate", "left", "right", "lpad", "rpad",
            "repeat", "reverse", "initcap", "split_part", "ascii", "chr", "char", "md5", "sha1", "sha224",
            "sha256", "sha384", "sha512", "to_hex", "to_bin", "to_oct", "format", "quote_ident", "quote_literal",
            "quote_nullable", "regexp_replace", "regexp_like", "regexp_substr", "regexp_matches", "regexp_match",
            "regexp_count", "regexp_instr", "regexp_split_to_array", "regexp_split_to_table", "starts_with",
            "soundex", "difference", "space", "string_to_array", "string_to_table", "array_to_string", "overlay",
            "encode", "decode_hex", "convert_from", "convert_to", "to_ascii", "normalize", "unistr",
            "get_bit", "set_bit", "get_byte", "set_byte", "bit_count", "parse_ident", "hash", "ora_hash",
            "standard_hash", "utf8tostring", "stringtoutf8", "rawtohex", "hextoraw", "stringencode",
            "stringdecode",
            // numbers
            "abs", "round", "trunc", "truncate", "ceil", "ceiling", "floor", "mod", "power", "pow", "sqrt",
            "cbrt", "exp", "ln", "log", "log10", "sign", "div", "pi", "degrees", "radians", "sin", "cos", "tan",
            "cot", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "gcd",
            "lcm", "factorial", "width_bucket", "bitand", "bitor", "bitxor", "bitnot", "bitnand", "bitnor",
            "bitxnor", "bitget", "bitcount", "lshift", "rshift", "rotateleft", "rotateright", "scale",
            "trim_scale", "min_scale",
            // arrays and ranges
            "array_length", "cardinality", "unnest", "array_append", "array_prepend", "array_cat", "array_dims",
            "array_fill", "array_lower", "array_upper", "array_ndims", "array_position", "array_positions",
            "array_remove", "array_replace", "array_contains", "array_slice", "trim_array", "array_max",
            "array_min", "generate_series", "generate_subscripts", "int4range", "int8range", "numrange",
            "tsrange", "tstzrange", "daterange", "int4multirange", "int8multirange", "nummultirange",
            "tsmultirange", "tstzmultirange", "datemultirange", "multirange", "lower_inc", "upper_inc",
            "lower_inf", "upper_inf", "isempty", "range_merge",
            // conversion, and dates computed from given values
            "cast", "convert", "to_char", "to_number", "to_date", "to_timestamp", "date_trunc", "date_part",
            "date_bin", "extract", "make_date", "make_time", "make_timestamp", "make_timestamptz",
            "make_interval", "justify_days", "justify_hours", "justify_interval", "age_between", "dateadd",
            "datediff", "date_add", "timestampadd", "timestampdiff", "year", "month", "day", "hour", "minute",
            "second", "date", "time", "timestamp", "dayofweek", "dayofmonth", "dayofyear", "week", "quarter",
            "isfinite", "last_day", "dayname", "monthname", "day_of_week", "day_of_month", "day_of_year",
            "iso_week", "iso_year", "iso_day_of_week", "formatdatetime", "parsedatetime", "timezone", "int",
            "integer", "smallint", "bigint", "int2", "int4", "int8", "numeric", "decimal", "real", "float4",
            "float8", "text", "varchar", "bool", "boolean",
            // json and text search
            "json_build_object", "jsonb_build_object", "json_build_array", "jsonb_build_array", "to_json",
            "to_jsonb", "json_extract_path", "jsonb_extract_path", "json_extract_path_text",
            "jsonb_extract_path_text", "jsonb_array_length", "json_array_length", "jsonb_typeof", "json_typeof",
            "row_to_json", "array_to_json", "jsonb_set", "jsonb_set_lax", "jsonb_insert", "jsonb_pretty",
            "jsonb_strip_nulls", "json_strip_nulls", "jsonb_array_elements", "json_array_elements",
            "jsonb_array_elements_text", "json_array_elements_text", "jsonb_each", "json_each",
            "jsonb_each_text", "json_each_text", "jsonb_object_keys", "json_object_keys", "jsonb_to_record",
            "json_to_record", "jsonb_to_recordset", "json_to_recordset", "jsonb_populate_record",
            "json_populate_record", "jsonb_populate_recordset", "json_populate_recordset", "jsonb_path_query",
            "jsonb_path_query_array", "jsonb_path_query_first", "jsonb_path_exists", "jsonb_path_match",
            "json_object", "json_array", "json_value", "json_query", "json_exists", "to_tsvector", "to_tsquery",
            "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery", "ts_rank", "ts_rank_cd",
            "ts_headline", "setweight");

    private static final Set<String> VOLATILE = Set.of(
            "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime", "sysdate",
            "systimestamp", "getdate", "clock_timestamp", "statement_timestamp", "transaction_timestamp",
            "timeofday", "unix_timestamp", "curdate", "curtime", "current_time_millis", "age",
            "rand", "random", "random_normal", "secure_rand", "random_uuid", "uuid", "gen_random_uuid",
            "uuid_generate_v1", "uuid_generate_v4", "newid", "setseed", "nextval", "currval", "lastval", "setval",
            "last_insert_id", "identity", "scope_identity",
            "user", "current_user", "session_user", "current_schema", "current_schemas", "current_catalog",
            "current_role", "current_database", "current_setting", "current_query", "database", "schema",
            "version", "inet_client_addr", "inet_client_port", "inet_server_addr", "inet_server_port",
            "session_id", "connection_id", "disk_space_used", "lock_timeout", "lock_mode", "memory_free",
            "memory_used", "readonly", "h2version", "transaction_id", "sleep", "to_regclass", "to_regproc",
            "to_regtype", "obj_description", "col_description", "format_type", "file_read", "csvread");

    private FunctionRules() {
    }

    /** The verdict for a call of the function named by these name parts (schema parts first, quotes kept). */
    public static Verdict verdict(List<String> nameParts) {
        if (nameParts == null || nameParts.isEmpty()) {
            return Verdict.UNKNOWN;
        }
        String name = nameParts.get(nameParts.size() - 1);
        if (nameParts.size() > 2 || (nameParts.size() == 2
                && !"pg_catalog".equals(TableNames.normalise(nameParts.get(0)))) || isQuoted(name)) {
            return Verdict.UNKNOWN;
        }
        if (nameParts.size() == 1 && CONSTRUCTS.contains(name.toLowerCase(Locale.ROOT))) {
            return Verdict.DETERMINISTIC;
        }
        return verdict(name);
    }

    /** The verdict for an unqualified function name. */
    public static Verdict verdict(String name) {
        if (isQuoted(name.trim())) {
            return Verdict.UNKNOWN;
        }
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

    private static boolean isQuoted(String name) {
        return !name.isEmpty() && (name.charAt(0) == '"' || name.charAt(0) == '`' || name.charAt(0) == '[');
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
