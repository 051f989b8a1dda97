package org.stratacache.core.writebehind;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;

import org.h2.tools.Server;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/**
 * An H2 file database served over TCP on 127.0.0.1, that a test can stop (an outage: connections break,
 * new ones are refused) and start again on the same port.
 */
final class H2TcpDatabase implements AutoCloseable {
    private final Path baseDir;
    private final int port;
    private Server server;

    H2TcpDatabase(Path baseDir) throws SQLException {
        this.baseDir = baseDir;
        this.port = freePort();
        start();
    }

    void start() throws SQLException {
        server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", baseDir.toString(),
                "-ifNotExists").start();
    }

    void stop() {
        server.stop();
    }

    String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/./db";
    }

    UrlDataSource dataSource() {
        return H2.dataSource(url());
    }

    void execute(String sql) throws SQLException {
        dataSource().execute(sql);
    }

    long count(String sql) throws SQLException {
        return dataSource().queryLong(sql);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
