package org.stratacache.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

class UrlDataSourceTest {

    @Test
    void getConnection_sameMemoryDatabase_seesEarlierWrites() throws SQLException {
        UrlDataSource ds = H2.newMemory("url-ds");
        ds.execute("CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2)");
        assertThat(H2.dataSource(ds.url()).queryLong("SELECT COUNT(*) FROM t")).isEqualTo(2);
        try (Connection c = ds.getConnection()) {
            assertThat(ds.url()).startsWith(c.getMetaData().getURL() + ";");
            assertThat(c.getMetaData().getUserName()).isEqualToIgnoringCase("sa");
        }
    }

    @Test
    void newMemory_twice_givesTwoDatabases() throws SQLException {
        UrlDataSource a = H2.newMemory("x");
        UrlDataSource b = H2.newMemory("x");
        a.execute("CREATE TABLE only_in_a (id INT)");
        assertThat(a.url()).isNotEqualTo(b.url());
        assertThatThrownBy(() -> b.queryLong("SELECT COUNT(*) FROM only_in_a")).isInstanceOf(SQLException.class);
    }

    @Test
    void memoryUrl_keepsTheDatabaseWithoutConnections() {
        assertThat(H2.memoryUrl("db1")).isEqualTo("jdbc:h2:mem:db1;DB_CLOSE_DELAY=-1");
    }

    @Test
    void unwrap_andToString_neverShowThePassword() throws SQLException {
        UrlDataSource ds = new UrlDataSource("jdbc:h2:mem:x", "u", "s3cret");
        assertThat(ds.unwrap(DataSource.class)).isSameAs(ds);
        assertThat(ds.isWrapperFor(UrlDataSource.class)).isTrue();
        assertThatThrownBy(() -> ds.unwrap(Connection.class)).isInstanceOf(SQLException.class);
        assertThat(ds.toString()).contains("jdbc:h2:mem:x").doesNotContain("s3cret");
    }
}
