package org.stratacache.jdbc.result;

import java.io.Serializable;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/** Everything {@link ResultSetMetaData} said about one column, captured once when a result is materialised. */
public record ColumnInfo(String name, String label, int jdbcType, String typeName, String className, int precision,
                         int scale, int nullable, int displaySize, String tableName, String schemaName,
                         String catalogName, boolean autoIncrement, boolean caseSensitive, boolean searchable,
                         boolean currency, boolean signed, boolean readOnly, boolean writable,
                         boolean definitelyWritable) implements Serializable {

    /** Reads column {@code i} (1-based) of {@code md}. */
    static ColumnInfo capture(ResultSetMetaData md, int i) throws SQLException {
        return new ColumnInfo(md.getColumnName(i), md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i),
                md.getColumnClassName(i), md.getPrecision(i), md.getScale(i), md.isNullable(i),
                md.getColumnDisplaySize(i), md.getTableName(i), md.getSchemaName(i), md.getCatalogName(i),
                md.isAutoIncrement(i), md.isCaseSensitive(i), md.isSearchable(i), md.isCurrency(i), md.isSigned(i),
                md.isReadOnly(i), md.isWritable(i), md.isDefinitelyWritable(i));
    }

    /** The java.time class the driver is asked for when the column is temporal, else null. */
    Class<?> temporalClass() {
        switch (jdbcType) {
            case Types.DATE:
                return java.time.LocalDate.class;
            case Types.TIME:
                return hasZone() ? java.time.OffsetTime.class : java.time.LocalTime.class;
            case Types.TIMESTAMP:
                return hasZone() ? java.time.OffsetDateTime.class : java.time.LocalDateTime.class;
            case Types.TIME_WITH_TIMEZONE:
                return java.time.OffsetTime.class;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return java.time.OffsetDateTime.class;
            default:
                return null;
        }
    }

    /** Some drivers (PostgreSQL) report zoned times as TIME / TIMESTAMP and say "tz" only in the type name. */
    private boolean hasZone() {
        String tn = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return tn.contains("tz") || tn.contains("with time zone");
    }

    /** Column types whose values are live handles (LOBs, arrays, structs) and can never be cached. */
    boolean isLiveHandleType() {
        return switch (jdbcType) {
            case Types.BLOB, Types.CLOB, Types.NCLOB, Types.ARRAY, Types.STRUCT, Types.REF, Types.SQLXML,
                    Types.ROWID, Types.DATALINK, Types.REF_CURSOR, Types.JAVA_OBJECT -> true;
            default -> false;
        };
    }
}
