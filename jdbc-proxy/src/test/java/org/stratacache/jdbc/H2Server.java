package org.stratacache.jdbc;

import java.nio.file.Path;
import java.sql.SQLException;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/** An H2 file database served over TCP on 127.0.0.1 (a free port), so another JVM can use it. */
final class H2Server implements AutoCloseable {
    private final Server server;

    H2Server(Path baseDir) throws SQLException {
        server = Server.createTcpServer("-tcpPort", "0", "-baseDir", baseDir.toString(), "-ifNotExists").start();
    }

    /** The URL without the {@code jdbc:} prefix's Strata part: {@code jdbc:h2:tcp://…}. */
    String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/./db";
    }

    JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url());
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    @Override
    public void close() {
        server.stop();
    }
}
