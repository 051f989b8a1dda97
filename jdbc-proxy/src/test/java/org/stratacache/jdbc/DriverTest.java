package org.stratacache.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class DriverTest {
    private final StrataDriver driver = new StrataDriver();

    @Test
    void acceptsURL_onlyForTheStrataPrefix() {
        assertThat(driver.acceptsURL("jdbc:strata:h2:mem:x")).isTrue();
        assertThat(driver.acceptsURL("jdbc:strata:postgresql://localhost/db")).isTrue();
        assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
        assertThat(driver.acceptsURL("jdbc:strata:")).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
    }

    @Test
    void connect_returnsNullForOtherUrls() throws SQLException {
        assertThat(driver.connect("jdbc:h2:mem:x", new Properties())).isNull();
    }

    @Test
    void serviceLoader_andDriverManager_findTheDriver() throws SQLException {
        assertThat(ServiceLoader.load(Driver.class).stream().map(p -> p.type().getName()))
                .contains(StrataDriver.class.getName());
        assertThat(DriverManager.getDriver("jdbc:strata:h2:mem:y")).isInstanceOf(StrataDriver.class);
    }

    @Test
    void connect_stripsStrataKeys_andSharesOneStorePerConfiguration() throws SQLException {
        String url = "jdbc:strata:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Properties p = Databases.settings("strata.jdbc.max-cached-rows", "50");
        p.setProperty("user", "sa");
        p.setProperty("password", "");
        try (Connection a = DriverManager.getConnection(url, p); Connection b = DriverManager.getConnection(url, p);
             Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            sa.execute("create table t(id int primary key)");
            sa.execute("insert into t values (1)");
            sa.executeQuery("select id from t").close();
            Databases.exec(url.replace("jdbc:strata:", "jdbc:"), "insert into t values (2)");
            try (ResultSet rs = sb.executeQuery("select id from t")) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).as("b hit the result cached by a").isEqualTo(1);
            }
        }
    }

    @Test
    void connect_withInvalidStrataKey_failsNamingTheKey() {
        Properties p = new Properties();
        p.setProperty("strata.jdbc.max-cached-rowz", "5");
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:strata:h2:mem:z", p))
                .isInstanceOf(SQLException.class).hasMessageContaining("strata.jdbc.max-cached-rowz");
    }

    @Test
    void disabled_returnsTheRealConnection() throws SQLException {
        Properties p = Databases.settings("strata.jdbc.enabled", "false");
        try (Connection c = DriverManager.getConnection("jdbc:strata:h2:mem:" + UUID.randomUUID(), p)) {
            assertThat(c).isInstanceOf(org.h2.jdbc.JdbcConnection.class);
        }
    }

    @Test
    void urls_masksPasswords() {
        assertThat(org.stratacache.jdbc.cache.Urls.withoutPassword(
                "jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true")).doesNotContain("s3cret");
        assertThat(org.stratacache.jdbc.cache.Urls.withoutPassword("jdbc:mysql://u:s3cret@h/db"))
                .doesNotContain("s3cret");
        assertThat(org.stratacache.jdbc.cache.Urls.withoutPassword("jdbc:h2:mem:x;PASSWORD=s3cret;x=1"))
                .doesNotContain("s3cret");
    }
}
