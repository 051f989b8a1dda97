package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.stratacache.core.RegionStore;
import org.stratacache.testsupport.H2;
import org.stratacache.testsupport.UrlDataSource;

/** {@link StrataDataSource#wrap(javax.sql.DataSource, RegionStore)}: a data source over a store the caller owns. */
class SharedStoreDataSourceTest {

    private static String nameOf(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select name from item where id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void wrapOverStore_cachesInThatStore_andCloseLeavesItOpen() throws SQLException {
        UrlDataSource raw = H2.newMemory("shared");
        Databases.exec(raw, "create table item(id int primary key, name varchar(20))",
                "insert into item values (1, 'one')");
        try (RegionStore store = RegionStore.builder().name("shared-" + UUID.randomUUID())
                .setting("strata.jdbc.admission", "first-miss").build()) {
            StrataDataSource ds = StrataDataSource.wrap(raw, store);
            try (Connection c = ds.getConnection()) {
                assertThat(nameOf(c, 1)).isEqualTo("one");
                assertThat(nameOf(c, 1)).isEqualTo("one");
            }
            assertThat(ds.statistics().hits()).isEqualTo(1);
            assertThat(ds.regionStore()).isSameAs(store);
            assertThat(store.stats().get("jdbc-query-results").hits()).as("the hit is the given store's").isEqualTo(1);

            ds.close();
            assertThat(store.isClosed()).as("the caller owns the store").isFalse();
        }
    }

    @Test
    void wrapOverClosedStore_isRefusedNamingTheStore() {
        RegionStore store = RegionStore.builder().name("closed-" + UUID.randomUUID()).build();
        store.close();
        assertThatThrownBy(() -> StrataDataSource.wrap(H2.newMemory("closed"), store))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(store.name())
                .hasMessageContaining("already closed");
    }
}
