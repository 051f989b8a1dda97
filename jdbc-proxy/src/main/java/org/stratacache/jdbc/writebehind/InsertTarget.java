package org.stratacache.jdbc.writebehind;

import java.sql.SQLException;
import java.util.List;

import org.stratacache.jdbc.sql.InsertTemplate;

/**
 * Where a statement's queueable inserts go: the connection, which knows whether a transaction is open (the
 * rows are then held until it commits) and invalidates the table's cached queries once they are acknowledged.
 */
public interface InsertTarget {
    /** True when inserts into {@code normalisedTable} may be queued on this connection. */
    boolean queuesInto(String normalisedTable);

    /** Connections of the write-behind engine's own to this database (for metadata, like its writes). */
    javax.sql.DataSource engineConnections();

    /** Takes the rows of a queueable insert (held inside a transaction, else queued and acknowledged now). */
    void queueInsert(String normalisedTable, InsertTemplate template, List<List<Object>> rows) throws SQLException;
}
