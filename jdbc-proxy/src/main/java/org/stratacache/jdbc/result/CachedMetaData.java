package org.stratacache.jdbc.result;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/** The captured {@link ResultSetMetaData} of a cached result: answers exactly what the driver answered. */
final class CachedMetaData implements ResultSetMetaData {
    private final List<ColumnInfo> columns;

    CachedMetaData(List<ColumnInfo> columns) {
        this.columns = columns;
    }

    private ColumnInfo col(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column index " + column + " out of range 1.." + columns.size(), "07009");
        }
        return columns.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        return col(column).autoIncrement();
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return col(column).caseSensitive();
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        return col(column).searchable();
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        return col(column).currency();
    }

    @Override
    public int isNullable(int column) throws SQLException {
        return col(column).nullable();
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        return col(column).signed();
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        return col(column).displaySize();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return col(column).label();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return col(column).name();
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        return col(column).schemaName();
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        return col(column).precision();
    }

    @Override
    public int getScale(int column) throws SQLException {
        return col(column).scale();
    }

    @Override
    public String getTableName(int column) throws SQLException {
        return col(column).tableName();
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        return col(column).catalogName();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return col(column).jdbcType();
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        return col(column).typeName();
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        return col(column).readOnly();
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        return col(column).writable();
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        return col(column).definitelyWritable();
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return col(column).className();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
