package org.stratacache.jdbc.proxy;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.function.Supplier;

import org.stratacache.jdbc.cache.ConnectionState;
import org.stratacache.jdbc.cache.ScalarSetter;
import org.stratacache.jdbc.sql.SqlAnalysis;

/**
 * A {@link PreparedStatement} as the application gets it from a Strata connection: {@link StrataStatement} with
 * the statement's own SQL, analysed once when it was prepared, and its bound parameters, which every setter
 * records for the key after the driver took them ({@code ReadPath.parameterSet}: a value that cannot go into a
 * key faithfully, a stream or a LOB, makes the statement uncacheable until {@code clearParameters}).
 */
class StrataPreparedStatement extends StrataStatement implements PreparedStatement {
    final PreparedStatement prepared;
    private final String sql;
    private final SqlAnalysis analysis;
    /** The bound values, for a queueable insert. */
    private final Supplier<Object[]> boundValues;

    StrataPreparedStatement(PreparedStatement delegate, ConnectionState conn, Connection connection, String sql,
                            SqlAnalysis analysis, int resultSetType, int concurrency, int holdability) {
        super(delegate, conn, connection, true, resultSetType, concurrency, holdability);
        this.prepared = delegate;
        this.sql = sql;
        this.analysis = analysis;
        this.boundValues = reads::plainParameterValues;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return query(sql, analysis, null, false);
    }

    @Override
    public boolean execute() throws SQLException {
        if (analysis != null && analysis.isRead()) {
            return query(sql, analysis, null, true) != null;
        }
        return executeWrite(sql, analysis, false, boundValues, prepared::execute);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) update(sql, analysis, false, boundValues, prepared::executeUpdate);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return update(sql, analysis, false, boundValues, prepared::executeLargeUpdate);
    }

    @Override
    public void addBatch() throws SQLException {
        if (!inserts.addToBatch(sql, analysis, boundValues)) {
            prepared.addBatch();
            addedToBatch(analysis);
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        reads.parametersCleared();
        prepared.clearParameters();
    }

    // ---- parameters (recorded for the key) and the rest (the driver's, as it is)

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return prepared.getMetaData();
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return prepared.getParameterMetaData();
    }

    @Override
    public void setArray(int index, Array value) throws SQLException {
        prepared.setArray(index, value);
        reads.parameterSet("setArray", new Object[] {index, value});
    }

    @Override
    public void setAsciiStream(int index, InputStream stream, int length) throws SQLException {
        prepared.setAsciiStream(index, stream, length);
        reads.parameterSet("setAsciiStream", new Object[] {index, stream, length});
    }

    @Override
    public void setAsciiStream(int index, InputStream stream, long length) throws SQLException {
        prepared.setAsciiStream(index, stream, length);
        reads.parameterSet("setAsciiStream", new Object[] {index, stream, length});
    }

    @Override
    public void setAsciiStream(int index, InputStream stream) throws SQLException {
        prepared.setAsciiStream(index, stream);
        reads.parameterSet("setAsciiStream", new Object[] {index, stream});
    }

    @Override
    public void setBigDecimal(int index, BigDecimal value) throws SQLException {
        prepared.setBigDecimal(index, value);
        reads.plainParameterSet("setBigDecimal", index, value);
    }

    @Override
    public void setBinaryStream(int index, InputStream stream, int length) throws SQLException {
        prepared.setBinaryStream(index, stream, length);
        reads.parameterSet("setBinaryStream", new Object[] {index, stream, length});
    }

    @Override
    public void setBinaryStream(int index, InputStream stream, long length) throws SQLException {
        prepared.setBinaryStream(index, stream, length);
        reads.parameterSet("setBinaryStream", new Object[] {index, stream, length});
    }

    @Override
    public void setBinaryStream(int index, InputStream stream) throws SQLException {
        prepared.setBinaryStream(index, stream);
        reads.parameterSet("setBinaryStream", new Object[] {index, stream});
    }

    @Override
    public void setBlob(int index, InputStream stream, long length) throws SQLException {
        prepared.setBlob(index, stream, length);
        reads.parameterSet("setBlob", new Object[] {index, stream, length});
    }

    @Override
    public void setBlob(int index, InputStream stream) throws SQLException {
        prepared.setBlob(index, stream);
        reads.parameterSet("setBlob", new Object[] {index, stream});
    }

    @Override
    public void setBlob(int index, Blob value) throws SQLException {
        prepared.setBlob(index, value);
        reads.parameterSet("setBlob", new Object[] {index, value});
    }

    @Override
    public void setBoolean(int index, boolean value) throws SQLException {
        prepared.setBoolean(index, value);
        reads.scalarParameterSet(ScalarSetter.BOOLEAN, index, ScalarSetter.bits(value));
    }

    @Override
    public void setByte(int index, byte value) throws SQLException {
        prepared.setByte(index, value);
        reads.scalarParameterSet(ScalarSetter.BYTE, index, value);
    }

    @Override
    public void setBytes(int index, byte[] value) throws SQLException {
        prepared.setBytes(index, value);
        reads.parameterSet("setBytes", new Object[] {index, value});
    }

    @Override
    public void setCharacterStream(int index, Reader stream, int length) throws SQLException {
        prepared.setCharacterStream(index, stream, length);
        reads.parameterSet("setCharacterStream", new Object[] {index, stream, length});
    }

    @Override
    public void setCharacterStream(int index, Reader stream, long length) throws SQLException {
        prepared.setCharacterStream(index, stream, length);
        reads.parameterSet("setCharacterStream", new Object[] {index, stream, length});
    }

    @Override
    public void setCharacterStream(int index, Reader stream) throws SQLException {
        prepared.setCharacterStream(index, stream);
        reads.parameterSet("setCharacterStream", new Object[] {index, stream});
    }

    @Override
    public void setClob(int index, Reader stream, long length) throws SQLException {
        prepared.setClob(index, stream, length);
        reads.parameterSet("setClob", new Object[] {index, stream, length});
    }

    @Override
    public void setClob(int index, Reader stream) throws SQLException {
        prepared.setClob(index, stream);
        reads.parameterSet("setClob", new Object[] {index, stream});
    }

    @Override
    public void setClob(int index, Clob value) throws SQLException {
        prepared.setClob(index, value);
        reads.parameterSet("setClob", new Object[] {index, value});
    }

    @Override
    public void setDate(int index, Date value, Calendar calendar) throws SQLException {
        prepared.setDate(index, value, calendar);
        reads.parameterSet("setDate", new Object[] {index, value, calendar});
    }

    @Override
    public void setDate(int index, Date value) throws SQLException {
        prepared.setDate(index, value);
        reads.parameterSet("setDate", new Object[] {index, value});
    }

    @Override
    public void setDouble(int index, double value) throws SQLException {
        prepared.setDouble(index, value);
        reads.scalarParameterSet(ScalarSetter.DOUBLE, index, ScalarSetter.bits(value));
    }

    @Override
    public void setFloat(int index, float value) throws SQLException {
        prepared.setFloat(index, value);
        reads.scalarParameterSet(ScalarSetter.FLOAT, index, ScalarSetter.bits(value));
    }

    @Override
    public void setInt(int index, int value) throws SQLException {
        prepared.setInt(index, value);
        reads.scalarParameterSet(ScalarSetter.INT, index, value);
    }

    @Override
    public void setLong(int index, long value) throws SQLException {
        prepared.setLong(index, value);
        reads.scalarParameterSet(ScalarSetter.LONG, index, value);
    }

    @Override
    public void setNCharacterStream(int index, Reader stream, long length) throws SQLException {
        prepared.setNCharacterStream(index, stream, length);
        reads.parameterSet("setNCharacterStream", new Object[] {index, stream, length});
    }

    @Override
    public void setNCharacterStream(int index, Reader stream) throws SQLException {
        prepared.setNCharacterStream(index, stream);
        reads.parameterSet("setNCharacterStream", new Object[] {index, stream});
    }

    @Override
    public void setNClob(int index, Reader stream, long length) throws SQLException {
        prepared.setNClob(index, stream, length);
        reads.parameterSet("setNClob", new Object[] {index, stream, length});
    }

    @Override
    public void setNClob(int index, Reader stream) throws SQLException {
        prepared.setNClob(index, stream);
        reads.parameterSet("setNClob", new Object[] {index, stream});
    }

    @Override
    public void setNClob(int index, NClob value) throws SQLException {
        prepared.setNClob(index, value);
        reads.parameterSet("setNClob", new Object[] {index, value});
    }

    @Override
    public void setNString(int index, String value) throws SQLException {
        prepared.setNString(index, value);
        reads.plainParameterSet("setNString", index, value);
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        prepared.setNull(index, sqlType, typeName);
        reads.parameterSet("setNull", new Object[] {index, sqlType, typeName});
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        prepared.setNull(index, sqlType);
        reads.parameterSet("setNull", new Object[] {index, sqlType});
    }

    @Override
    public void setObject(int index, Object value, int targetSqlType, int scaleOrLength) throws SQLException {
        prepared.setObject(index, value, targetSqlType, scaleOrLength);
        reads.parameterSet("setObject", new Object[] {index, value, targetSqlType, scaleOrLength});
    }

    @Override
    public void setObject(int index, Object value, int targetSqlType) throws SQLException {
        prepared.setObject(index, value, targetSqlType);
        reads.parameterSet("setObject", new Object[] {index, value, targetSqlType});
    }

    @Override
    public void setObject(int index, Object value, SQLType sqlType, int scaleOrLength) throws SQLException {
        prepared.setObject(index, value, sqlType, scaleOrLength);
        reads.parameterSet("setObject", new Object[] {index, value, sqlType, scaleOrLength});
    }

    @Override
    public void setObject(int index, Object value, SQLType sqlType) throws SQLException {
        prepared.setObject(index, value, sqlType);
        reads.parameterSet("setObject", new Object[] {index, value, sqlType});
    }

    @Override
    public void setObject(int index, Object value) throws SQLException {
        prepared.setObject(index, value);
        reads.parameterSet("setObject", new Object[] {index, value});
    }

    @Override
    public void setRef(int index, Ref value) throws SQLException {
        prepared.setRef(index, value);
        reads.parameterSet("setRef", new Object[] {index, value});
    }

    @Override
    public void setRowId(int index, RowId value) throws SQLException {
        prepared.setRowId(index, value);
        reads.parameterSet("setRowId", new Object[] {index, value});
    }

    @Override
    public void setSQLXML(int index, SQLXML value) throws SQLException {
        prepared.setSQLXML(index, value);
        reads.parameterSet("setSQLXML", new Object[] {index, value});
    }

    @Override
    public void setShort(int index, short value) throws SQLException {
        prepared.setShort(index, value);
        reads.scalarParameterSet(ScalarSetter.SHORT, index, value);
    }

    @Override
    public void setString(int index, String value) throws SQLException {
        prepared.setString(index, value);
        reads.plainParameterSet("setString", index, value);
    }

    @Override
    public void setTime(int index, Time value, Calendar calendar) throws SQLException {
        prepared.setTime(index, value, calendar);
        reads.parameterSet("setTime", new Object[] {index, value, calendar});
    }

    @Override
    public void setTime(int index, Time value) throws SQLException {
        prepared.setTime(index, value);
        reads.parameterSet("setTime", new Object[] {index, value});
    }

    @Override
    public void setTimestamp(int index, Timestamp value, Calendar calendar) throws SQLException {
        prepared.setTimestamp(index, value, calendar);
        reads.parameterSet("setTimestamp", new Object[] {index, value, calendar});
    }

    @Override
    public void setTimestamp(int index, Timestamp value) throws SQLException {
        prepared.setTimestamp(index, value);
        reads.parameterSet("setTimestamp", new Object[] {index, value});
    }

    @Override
    public void setURL(int index, URL value) throws SQLException {
        prepared.setURL(index, value);
        reads.parameterSet("setURL", new Object[] {index, value});
    }

    @Override
    public void setUnicodeStream(int index, InputStream stream, int length) throws SQLException {
        prepared.setUnicodeStream(index, stream, length);
        reads.parameterSet("setUnicodeStream", new Object[] {index, stream, length});
    }
}
