package org.stratacache.jdbc.result;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The mechanical part of a read-only {@link ResultSet}: every getter by column label resolves the label
 * with {@link #findColumn(String)} and calls the getter by index; every {@code update…} method refuses with
 * {@link #readOnly()} (the four {@code updateObject} with an {@link java.sql.SQLType} keep ResultSet's default,
 * which refuses with {@link SQLFeatureNotSupportedException} too). The behaviour lives in the subclass
 * ({@link DisconnectedResultSet}). Hand-written, and proven complete by {@code ReadOnlyResultSetSupportTest}
 * (see the package comment).
 */
abstract class ReadOnlyResultSetSupport implements ResultSet {

    static SQLException readOnly() {
        return new SQLFeatureNotSupportedException("a cached Strata result set is read-only (CONCUR_READ_ONLY)",
                "0A000");
    }

    @Override
    public final java.sql.Array getArray(String label) throws SQLException {
        return getArray(findColumn(label));
    }

    @Override
    public final java.io.InputStream getAsciiStream(String label) throws SQLException {
        return getAsciiStream(findColumn(label));
    }

    @Override
    public final java.math.BigDecimal getBigDecimal(String label, int arg1) throws SQLException {
        return getBigDecimal(findColumn(label), arg1);
    }

    @Override
    public final java.math.BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    public final java.io.InputStream getBinaryStream(String label) throws SQLException {
        return getBinaryStream(findColumn(label));
    }

    @Override
    public final java.sql.Blob getBlob(String label) throws SQLException {
        return getBlob(findColumn(label));
    }

    @Override
    public final boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public final byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public final byte[] getBytes(String label) throws SQLException {
        return getBytes(findColumn(label));
    }

    @Override
    public final java.io.Reader getCharacterStream(String label) throws SQLException {
        return getCharacterStream(findColumn(label));
    }

    @Override
    public final java.sql.Clob getClob(String label) throws SQLException {
        return getClob(findColumn(label));
    }

    @Override
    public final java.sql.Date getDate(String label, java.util.Calendar arg1) throws SQLException {
        return getDate(findColumn(label), arg1);
    }

    @Override
    public final java.sql.Date getDate(String label) throws SQLException {
        return getDate(findColumn(label));
    }

    @Override
    public final double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public final float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public final int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public final long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public final java.io.Reader getNCharacterStream(String label) throws SQLException {
        return getNCharacterStream(findColumn(label));
    }

    @Override
    public final java.sql.NClob getNClob(String label) throws SQLException {
        return getNClob(findColumn(label));
    }

    @Override
    public final String getNString(String label) throws SQLException {
        return getNString(findColumn(label));
    }

    @Override
    public final <T> T getObject(String label, Class<T> arg1) throws SQLException {
        return getObject(findColumn(label), arg1);
    }

    @Override
    public final Object getObject(String label, java.util.Map<String, Class<?>> arg1) throws SQLException {
        return getObject(findColumn(label), arg1);
    }

    @Override
    public final Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public final java.sql.Ref getRef(String label) throws SQLException {
        return getRef(findColumn(label));
    }

    @Override
    public final java.sql.RowId getRowId(String label) throws SQLException {
        return getRowId(findColumn(label));
    }

    @Override
    public final java.sql.SQLXML getSQLXML(String label) throws SQLException {
        return getSQLXML(findColumn(label));
    }

    @Override
    public final short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public final String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public final java.sql.Time getTime(String label, java.util.Calendar arg1) throws SQLException {
        return getTime(findColumn(label), arg1);
    }

    @Override
    public final java.sql.Time getTime(String label) throws SQLException {
        return getTime(findColumn(label));
    }

    @Override
    public final java.sql.Timestamp getTimestamp(String label, java.util.Calendar arg1) throws SQLException {
        return getTimestamp(findColumn(label), arg1);
    }

    @Override
    public final java.sql.Timestamp getTimestamp(String label) throws SQLException {
        return getTimestamp(findColumn(label));
    }

    @Override
    public final java.net.URL getURL(String label) throws SQLException {
        return getURL(findColumn(label));
    }

    @Override
    public final java.io.InputStream getUnicodeStream(String label) throws SQLException {
        return getUnicodeStream(findColumn(label));
    }

    @Override
    public final void updateArray(String label, java.sql.Array arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateArray(int column, java.sql.Array arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(String label, java.io.InputStream arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(String label, java.io.InputStream arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(String label, java.io.InputStream arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(int column, java.io.InputStream arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(int column, java.io.InputStream arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateAsciiStream(int column, java.io.InputStream arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBigDecimal(String label, java.math.BigDecimal arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBigDecimal(int column, java.math.BigDecimal arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(String label, java.io.InputStream arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(String label, java.io.InputStream arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(String label, java.io.InputStream arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(int column, java.io.InputStream arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(int column, java.io.InputStream arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBinaryStream(int column, java.io.InputStream arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(String label, java.io.InputStream arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(String label, java.io.InputStream arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(String label, java.sql.Blob arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(int column, java.io.InputStream arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(int column, java.io.InputStream arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBlob(int column, java.sql.Blob arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBoolean(String label, boolean arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBoolean(int column, boolean arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateByte(String label, byte arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateByte(int column, byte arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBytes(String label, byte[] arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateBytes(int column, byte[] arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(String label, java.io.Reader arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(String label, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(String label, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(int column, java.io.Reader arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(int column, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateCharacterStream(int column, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(String label, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(String label, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(String label, java.sql.Clob arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(int column, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(int column, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateClob(int column, java.sql.Clob arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDate(String label, java.sql.Date arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDate(int column, java.sql.Date arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDouble(String label, double arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateDouble(int column, double arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateFloat(String label, float arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateFloat(int column, float arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateInt(String label, int arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateInt(int column, int arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateLong(String label, long arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateLong(int column, long arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(String label, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(String label, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(int column, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNCharacterStream(int column, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(String label, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(String label, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(String label, java.sql.NClob arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(int column, java.io.Reader arg1, long arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(int column, java.io.Reader arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNClob(int column, java.sql.NClob arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNString(String label, String arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNString(int column, String arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNull(String label) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateNull(int column) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(String label, Object arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(String label, Object arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(int column, Object arg1, int arg2) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateObject(int column, Object arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRef(String label, java.sql.Ref arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRef(int column, java.sql.Ref arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRow() throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRowId(String label, java.sql.RowId arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateRowId(int column, java.sql.RowId arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateSQLXML(String label, java.sql.SQLXML arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateSQLXML(int column, java.sql.SQLXML arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateShort(String label, short arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateShort(int column, short arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateString(String label, String arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateString(int column, String arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTime(String label, java.sql.Time arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTime(int column, java.sql.Time arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTimestamp(String label, java.sql.Timestamp arg1) throws SQLException {
        throw readOnly();
    }

    @Override
    public final void updateTimestamp(int column, java.sql.Timestamp arg1) throws SQLException {
        throw readOnly();
    }

}
