package org.stratacache.jdbc.proxy;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

import org.stratacache.jdbc.cache.ConnectionState;
import org.stratacache.jdbc.sql.SqlAnalysis;

/**
 * A {@link CallableStatement} as the application gets it from a Strata connection: {@link StrataPreparedStatement}
 * with the callable's own methods forwarded. A parameter set by name cannot go into a key (the driver alone knows
 * which index the name means), so it makes the statement uncacheable until {@code clearParameters}; values read
 * back that lead to more result sets (a refcursor, an array) lead back to this statement.
 */
final class StrataCallableStatement extends StrataPreparedStatement implements CallableStatement {
    private final CallableStatement callable;

    StrataCallableStatement(CallableStatement delegate, ConnectionState conn, Connection connection, String sql,
                            SqlAnalysis analysis, int resultSetType, int concurrency, int holdability) {
        super(delegate, conn, connection, sql, analysis, resultSetType, concurrency, holdability);
        this.callable = delegate;
    }

    @Override
    public Array getArray(String name) throws SQLException {
        return (Array) LiveResultSet.leadingBack(callable.getArray(name), this);
    }

    @Override
    public Array getArray(int index) throws SQLException {
        return (Array) LiveResultSet.leadingBack(callable.getArray(index), this);
    }

    @Override
    public BigDecimal getBigDecimal(String name) throws SQLException {
        return callable.getBigDecimal(name);
    }

    @Override
    public BigDecimal getBigDecimal(int index, int value) throws SQLException {
        return callable.getBigDecimal(index, value);
    }

    @Override
    public BigDecimal getBigDecimal(int index) throws SQLException {
        return callable.getBigDecimal(index);
    }

    @Override
    public Blob getBlob(String name) throws SQLException {
        return callable.getBlob(name);
    }

    @Override
    public Blob getBlob(int index) throws SQLException {
        return callable.getBlob(index);
    }

    @Override
    public boolean getBoolean(String name) throws SQLException {
        return callable.getBoolean(name);
    }

    @Override
    public boolean getBoolean(int index) throws SQLException {
        return callable.getBoolean(index);
    }

    @Override
    public byte getByte(String name) throws SQLException {
        return callable.getByte(name);
    }

    @Override
    public byte getByte(int index) throws SQLException {
        return callable.getByte(index);
    }

    @Override
    public byte[] getBytes(String name) throws SQLException {
        return callable.getBytes(name);
    }

    @Override
    public byte[] getBytes(int index) throws SQLException {
        return callable.getBytes(index);
    }

    @Override
    public Reader getCharacterStream(String name) throws SQLException {
        return callable.getCharacterStream(name);
    }

    @Override
    public Reader getCharacterStream(int index) throws SQLException {
        return callable.getCharacterStream(index);
    }

    @Override
    public Clob getClob(String name) throws SQLException {
        return callable.getClob(name);
    }

    @Override
    public Clob getClob(int index) throws SQLException {
        return callable.getClob(index);
    }

    @Override
    public Date getDate(String name, Calendar calendar) throws SQLException {
        return callable.getDate(name, calendar);
    }

    @Override
    public Date getDate(String name) throws SQLException {
        return callable.getDate(name);
    }

    @Override
    public Date getDate(int index, Calendar calendar) throws SQLException {
        return callable.getDate(index, calendar);
    }

    @Override
    public Date getDate(int index) throws SQLException {
        return callable.getDate(index);
    }

    @Override
    public double getDouble(String name) throws SQLException {
        return callable.getDouble(name);
    }

    @Override
    public double getDouble(int index) throws SQLException {
        return callable.getDouble(index);
    }

    @Override
    public float getFloat(String name) throws SQLException {
        return callable.getFloat(name);
    }

    @Override
    public float getFloat(int index) throws SQLException {
        return callable.getFloat(index);
    }

    @Override
    public int getInt(String name) throws SQLException {
        return callable.getInt(name);
    }

    @Override
    public int getInt(int index) throws SQLException {
        return callable.getInt(index);
    }

    @Override
    public long getLong(String name) throws SQLException {
        return callable.getLong(name);
    }

    @Override
    public long getLong(int index) throws SQLException {
        return callable.getLong(index);
    }

    @Override
    public Reader getNCharacterStream(String name) throws SQLException {
        return callable.getNCharacterStream(name);
    }

    @Override
    public Reader getNCharacterStream(int index) throws SQLException {
        return callable.getNCharacterStream(index);
    }

    @Override
    public NClob getNClob(String name) throws SQLException {
        return callable.getNClob(name);
    }

    @Override
    public NClob getNClob(int index) throws SQLException {
        return callable.getNClob(index);
    }

    @Override
    public String getNString(String name) throws SQLException {
        return callable.getNString(name);
    }

    @Override
    public String getNString(int index) throws SQLException {
        return callable.getNString(index);
    }

    @Override
    public <T> T getObject(String name, Class<T> type) throws SQLException {
        @SuppressWarnings("unchecked")
        T value = (T) LiveResultSet.leadingBack(callable.getObject(name, type), this);
        return value;
    }

    @Override
    public Object getObject(String name, Map<String, Class<?>> map) throws SQLException {
        return LiveResultSet.leadingBack(callable.getObject(name, map), this);
    }

    @Override
    public Object getObject(String name) throws SQLException {
        return LiveResultSet.leadingBack(callable.getObject(name), this);
    }

    @Override
    public <T> T getObject(int index, Class<T> type) throws SQLException {
        @SuppressWarnings("unchecked")
        T value = (T) LiveResultSet.leadingBack(callable.getObject(index, type), this);
        return value;
    }

    @Override
    public Object getObject(int index, Map<String, Class<?>> map) throws SQLException {
        return LiveResultSet.leadingBack(callable.getObject(index, map), this);
    }

    @Override
    public Object getObject(int index) throws SQLException {
        return LiveResultSet.leadingBack(callable.getObject(index), this);
    }

    @Override
    public Ref getRef(String name) throws SQLException {
        return callable.getRef(name);
    }

    @Override
    public Ref getRef(int index) throws SQLException {
        return callable.getRef(index);
    }

    @Override
    public RowId getRowId(String name) throws SQLException {
        return callable.getRowId(name);
    }

    @Override
    public RowId getRowId(int index) throws SQLException {
        return callable.getRowId(index);
    }

    @Override
    public SQLXML getSQLXML(String name) throws SQLException {
        return callable.getSQLXML(name);
    }

    @Override
    public SQLXML getSQLXML(int index) throws SQLException {
        return callable.getSQLXML(index);
    }

    @Override
    public short getShort(String name) throws SQLException {
        return callable.getShort(name);
    }

    @Override
    public short getShort(int index) throws SQLException {
        return callable.getShort(index);
    }

    @Override
    public String getString(String name) throws SQLException {
        return callable.getString(name);
    }

    @Override
    public String getString(int index) throws SQLException {
        return callable.getString(index);
    }

    @Override
    public Time getTime(String name, Calendar calendar) throws SQLException {
        return callable.getTime(name, calendar);
    }

    @Override
    public Time getTime(String name) throws SQLException {
        return callable.getTime(name);
    }

    @Override
    public Time getTime(int index, Calendar calendar) throws SQLException {
        return callable.getTime(index, calendar);
    }

    @Override
    public Time getTime(int index) throws SQLException {
        return callable.getTime(index);
    }

    @Override
    public Timestamp getTimestamp(String name, Calendar calendar) throws SQLException {
        return callable.getTimestamp(name, calendar);
    }

    @Override
    public Timestamp getTimestamp(String name) throws SQLException {
        return callable.getTimestamp(name);
    }

    @Override
    public Timestamp getTimestamp(int index, Calendar calendar) throws SQLException {
        return callable.getTimestamp(index, calendar);
    }

    @Override
    public Timestamp getTimestamp(int index) throws SQLException {
        return callable.getTimestamp(index);
    }

    @Override
    public URL getURL(String name) throws SQLException {
        return callable.getURL(name);
    }

    @Override
    public URL getURL(int index) throws SQLException {
        return callable.getURL(index);
    }

    @Override
    public void registerOutParameter(String name, int sqlType, String typeName) throws SQLException {
        callable.registerOutParameter(name, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(String name, int sqlType, int scale) throws SQLException {
        callable.registerOutParameter(name, sqlType, scale);
    }

    @Override
    public void registerOutParameter(String name, int sqlType) throws SQLException {
        callable.registerOutParameter(name, sqlType);
    }

    @Override
    public void registerOutParameter(String name, SQLType sqlType, String typeName) throws SQLException {
        callable.registerOutParameter(name, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(String name, SQLType sqlType, int scale) throws SQLException {
        callable.registerOutParameter(name, sqlType, scale);
    }

    @Override
    public void registerOutParameter(String name, SQLType sqlType) throws SQLException {
        callable.registerOutParameter(name, sqlType);
    }

    @Override
    public void registerOutParameter(int index, int sqlType, String typeName) throws SQLException {
        callable.registerOutParameter(index, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(int index, int sqlType, int scale) throws SQLException {
        callable.registerOutParameter(index, sqlType, scale);
    }

    @Override
    public void registerOutParameter(int index, int sqlType) throws SQLException {
        callable.registerOutParameter(index, sqlType);
    }

    @Override
    public void registerOutParameter(int index, SQLType sqlType, String typeName) throws SQLException {
        callable.registerOutParameter(index, sqlType, typeName);
    }

    @Override
    public void registerOutParameter(int index, SQLType sqlType, int scale) throws SQLException {
        callable.registerOutParameter(index, sqlType, scale);
    }

    @Override
    public void registerOutParameter(int index, SQLType sqlType) throws SQLException {
        callable.registerOutParameter(index, sqlType);
    }

    @Override
    public void setAsciiStream(String name, InputStream stream, int length) throws SQLException {
        callable.setAsciiStream(name, stream, length);
        reads.parameterSet("setAsciiStream", new Object[] {name, stream, length});
    }

    @Override
    public void setAsciiStream(String name, InputStream stream, long length) throws SQLException {
        callable.setAsciiStream(name, stream, length);
        reads.parameterSet("setAsciiStream", new Object[] {name, stream, length});
    }

    @Override
    public void setAsciiStream(String name, InputStream stream) throws SQLException {
        callable.setAsciiStream(name, stream);
        reads.parameterSet("setAsciiStream", new Object[] {name, stream});
    }

    @Override
    public void setBigDecimal(String name, BigDecimal value) throws SQLException {
        callable.setBigDecimal(name, value);
        reads.parameterSet("setBigDecimal", new Object[] {name, value});
    }

    @Override
    public void setBinaryStream(String name, InputStream stream, int length) throws SQLException {
        callable.setBinaryStream(name, stream, length);
        reads.parameterSet("setBinaryStream", new Object[] {name, stream, length});
    }

    @Override
    public void setBinaryStream(String name, InputStream stream, long length) throws SQLException {
        callable.setBinaryStream(name, stream, length);
        reads.parameterSet("setBinaryStream", new Object[] {name, stream, length});
    }

    @Override
    public void setBinaryStream(String name, InputStream stream) throws SQLException {
        callable.setBinaryStream(name, stream);
        reads.parameterSet("setBinaryStream", new Object[] {name, stream});
    }

    @Override
    public void setBlob(String name, InputStream stream, long length) throws SQLException {
        callable.setBlob(name, stream, length);
        reads.parameterSet("setBlob", new Object[] {name, stream, length});
    }

    @Override
    public void setBlob(String name, InputStream stream) throws SQLException {
        callable.setBlob(name, stream);
        reads.parameterSet("setBlob", new Object[] {name, stream});
    }

    @Override
    public void setBlob(String name, Blob value) throws SQLException {
        callable.setBlob(name, value);
        reads.parameterSet("setBlob", new Object[] {name, value});
    }

    @Override
    public void setBoolean(String name, boolean value) throws SQLException {
        callable.setBoolean(name, value);
        reads.parameterSet("setBoolean", new Object[] {name, value});
    }

    @Override
    public void setByte(String name, byte value) throws SQLException {
        callable.setByte(name, value);
        reads.parameterSet("setByte", new Object[] {name, value});
    }

    @Override
    public void setBytes(String name, byte[] value) throws SQLException {
        callable.setBytes(name, value);
        reads.parameterSet("setBytes", new Object[] {name, value});
    }

    @Override
    public void setCharacterStream(String name, Reader stream, int length) throws SQLException {
        callable.setCharacterStream(name, stream, length);
        reads.parameterSet("setCharacterStream", new Object[] {name, stream, length});
    }

    @Override
    public void setCharacterStream(String name, Reader stream, long length) throws SQLException {
        callable.setCharacterStream(name, stream, length);
        reads.parameterSet("setCharacterStream", new Object[] {name, stream, length});
    }

    @Override
    public void setCharacterStream(String name, Reader stream) throws SQLException {
        callable.setCharacterStream(name, stream);
        reads.parameterSet("setCharacterStream", new Object[] {name, stream});
    }

    @Override
    public void setClob(String name, Reader stream, long length) throws SQLException {
        callable.setClob(name, stream, length);
        reads.parameterSet("setClob", new Object[] {name, stream, length});
    }

    @Override
    public void setClob(String name, Reader stream) throws SQLException {
        callable.setClob(name, stream);
        reads.parameterSet("setClob", new Object[] {name, stream});
    }

    @Override
    public void setClob(String name, Clob value) throws SQLException {
        callable.setClob(name, value);
        reads.parameterSet("setClob", new Object[] {name, value});
    }

    @Override
    public void setDate(String name, Date value, Calendar calendar) throws SQLException {
        callable.setDate(name, value, calendar);
        reads.parameterSet("setDate", new Object[] {name, value, calendar});
    }

    @Override
    public void setDate(String name, Date value) throws SQLException {
        callable.setDate(name, value);
        reads.parameterSet("setDate", new Object[] {name, value});
    }

    @Override
    public void setDouble(String name, double value) throws SQLException {
        callable.setDouble(name, value);
        reads.parameterSet("setDouble", new Object[] {name, value});
    }

    @Override
    public void setFloat(String name, float value) throws SQLException {
        callable.setFloat(name, value);
        reads.parameterSet("setFloat", new Object[] {name, value});
    }

    @Override
    public void setInt(String name, int value) throws SQLException {
        callable.setInt(name, value);
        reads.parameterSet("setInt", new Object[] {name, value});
    }

    @Override
    public void setLong(String name, long value) throws SQLException {
        callable.setLong(name, value);
        reads.parameterSet("setLong", new Object[] {name, value});
    }

    @Override
    public void setNCharacterStream(String name, Reader stream, long length) throws SQLException {
        callable.setNCharacterStream(name, stream, length);
        reads.parameterSet("setNCharacterStream", new Object[] {name, stream, length});
    }

    @Override
    public void setNCharacterStream(String name, Reader stream) throws SQLException {
        callable.setNCharacterStream(name, stream);
        reads.parameterSet("setNCharacterStream", new Object[] {name, stream});
    }

    @Override
    public void setNClob(String name, Reader stream, long length) throws SQLException {
        callable.setNClob(name, stream, length);
        reads.parameterSet("setNClob", new Object[] {name, stream, length});
    }

    @Override
    public void setNClob(String name, Reader stream) throws SQLException {
        callable.setNClob(name, stream);
        reads.parameterSet("setNClob", new Object[] {name, stream});
    }

    @Override
    public void setNClob(String name, NClob value) throws SQLException {
        callable.setNClob(name, value);
        reads.parameterSet("setNClob", new Object[] {name, value});
    }

    @Override
    public void setNString(String name, String value) throws SQLException {
        callable.setNString(name, value);
        reads.parameterSet("setNString", new Object[] {name, value});
    }

    @Override
    public void setNull(String name, int sqlType, String typeName) throws SQLException {
        callable.setNull(name, sqlType, typeName);
        reads.parameterSet("setNull", new Object[] {name, sqlType, typeName});
    }

    @Override
    public void setNull(String name, int sqlType) throws SQLException {
        callable.setNull(name, sqlType);
        reads.parameterSet("setNull", new Object[] {name, sqlType});
    }

    @Override
    public void setObject(String name, Object value, int targetSqlType, int scaleOrLength) throws SQLException {
        callable.setObject(name, value, targetSqlType, scaleOrLength);
        reads.parameterSet("setObject", new Object[] {name, value, targetSqlType, scaleOrLength});
    }

    @Override
    public void setObject(String name, Object value, int targetSqlType) throws SQLException {
        callable.setObject(name, value, targetSqlType);
        reads.parameterSet("setObject", new Object[] {name, value, targetSqlType});
    }

    @Override
    public void setObject(String name, Object value, SQLType sqlType, int scaleOrLength) throws SQLException {
        callable.setObject(name, value, sqlType, scaleOrLength);
        reads.parameterSet("setObject", new Object[] {name, value, sqlType, scaleOrLength});
    }

    @Override
    public void setObject(String name, Object value, SQLType sqlType) throws SQLException {
        callable.setObject(name, value, sqlType);
        reads.parameterSet("setObject", new Object[] {name, value, sqlType});
    }

    @Override
    public void setObject(String name, Object value) throws SQLException {
        callable.setObject(name, value);
        reads.parameterSet("setObject", new Object[] {name, value});
    }

    @Override
    public void setRowId(String name, RowId value) throws SQLException {
        callable.setRowId(name, value);
        reads.parameterSet("setRowId", new Object[] {name, value});
    }

    @Override
    public void setSQLXML(String name, SQLXML value) throws SQLException {
        callable.setSQLXML(name, value);
        reads.parameterSet("setSQLXML", new Object[] {name, value});
    }

    @Override
    public void setShort(String name, short value) throws SQLException {
        callable.setShort(name, value);
        reads.parameterSet("setShort", new Object[] {name, value});
    }

    @Override
    public void setString(String name, String value) throws SQLException {
        callable.setString(name, value);
        reads.parameterSet("setString", new Object[] {name, value});
    }

    @Override
    public void setTime(String name, Time value, Calendar calendar) throws SQLException {
        callable.setTime(name, value, calendar);
        reads.parameterSet("setTime", new Object[] {name, value, calendar});
    }

    @Override
    public void setTime(String name, Time value) throws SQLException {
        callable.setTime(name, value);
        reads.parameterSet("setTime", new Object[] {name, value});
    }

    @Override
    public void setTimestamp(String name, Timestamp value, Calendar calendar) throws SQLException {
        callable.setTimestamp(name, value, calendar);
        reads.parameterSet("setTimestamp", new Object[] {name, value, calendar});
    }

    @Override
    public void setTimestamp(String name, Timestamp value) throws SQLException {
        callable.setTimestamp(name, value);
        reads.parameterSet("setTimestamp", new Object[] {name, value});
    }

    @Override
    public void setURL(String name, URL value) throws SQLException {
        callable.setURL(name, value);
        reads.parameterSet("setURL", new Object[] {name, value});
    }

    @Override
    public boolean wasNull() throws SQLException {
        return callable.wasNull();
    }
}
