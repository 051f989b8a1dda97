package org.stratacache.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.jdbc.TransactionalDriver;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.access.AccessType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.transaction.jta.platform.internal.JBossStandAloneJtaPlatform;
import org.hibernate.stat.CacheRegionStatistics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.stratacache.testsupport.H2;

/**
 * TRANSACTIONAL under JTA with a real transaction manager (Narayana, its transactional JDBC driver enlisting an
 * H2 {@code XADataSource}): Hibernate's JTA coordinator runs the cache callbacks from the JTA transaction's
 * synchronization, and Strata's READ_WRITE protocol behind TRANSACTIONAL must give the same guarantees there as
 * with resource-local transactions: nothing uncommitted is ever readable from the cache, a rollback leaves the
 * cache without the rolled-back state, a reader that read the row before the commit never caches it, and the
 * committed state is cached once the transaction completed.
 *
 * <p>Not covered: a cache that is itself an XA resource (Strata's store is not one), recovery after a crash
 * between the two phases (the H2 branch is the only resource; the cache is updated in after-completion, so a
 * crash there leaves a soft lock that expires, never stale state).
 */
class TransactionalJtaTest {
    private static TransactionManager tm;
    private static SessionFactory sf;

    @BeforeAll
    static void start() throws Exception {
        Path store = Path.of("target", "narayana-object-store");
        BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class).setObjectStoreDir(store.toString());
        BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, "communicationStore")
                .setObjectStoreDir(store.toString());
        arjPropertyManager.getCoreEnvironmentBean().setNodeIdentifier("strata-jta-test");
        tm = com.arjuna.ats.jta.TransactionManager.transactionManager();

        String database = TestFactories.newDatabase();
        JdbcDataSource xa = new JdbcDataSource();
        xa.setURL(H2.memoryUrl(database));
        xa.setUser(H2.USER);
        xa.setPassword(H2.PASSWORD);

        Map<String, Object> settings = TestFactories.settings(database);
        settings.remove("hibernate.connection.url");
        settings.remove("hibernate.connection.pool_size");
        settings.put("hibernate.connection.datasource", new EnlistingDataSource(xa));
        settings.put("hibernate.transaction.coordinator_class", "jta");
        settings.put("hibernate.transaction.jta.platform", new JBossStandAloneJtaPlatform());
        sf = TestFactories.build(settings, Ledger.class);
    }

    @AfterAll
    static void stop() {
        if (sf != null) {
            sf.close();
        }
    }

    @BeforeEach
    void freshRow() throws Exception {
        inJta(s -> s.createMutationQuery("delete from Ledger").executeUpdate());
        sf.getCache().evictAllRegions();
        inJta(s -> s.persist(new Ledger(1L, "L-1")));
        sf.getStatistics().clear();
    }

    @AfterEach
    void noTransactionLeft() throws Exception {
        if (tm.getStatus() != Status.STATUS_NO_TRANSACTION) {
            tm.rollback();
        }
    }

    @Test
    void accessStrategy_isReportedAsTransactional() {
        var persister = sf.unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                .getEntityDescriptor(Ledger.class);
        assertThat(persister.getCacheAccessStrategy().getAccessType()).isEqualTo(AccessType.TRANSACTIONAL);
    }

    @Test
    void insertCommittedUnderJta_isCachedAfterCompletion_andTheNextTransactionHits() throws Exception {
        inJta(s -> assertThat(s.find(Ledger.class, 1L).note()).isEqualTo("L-1"));

        assertThat(entityRegion().getHitCount()).isEqualTo(1);
        assertThat(entityRegion().getMissCount()).isZero();
    }

    @Test
    void updateInFlight_isNeverReadFromTheCache_andTheCommittedStateIsCachedAfterCompletion() throws Exception {
        inJta(s -> s.find(Ledger.class, 1L)); // cached

        tm.begin();
        Session writer = sf.openSession();
        writer.find(Ledger.class, 1L).entries().add("debit");
        writer.find(Ledger.class, 1L).rename("L-1 changed");
        writer.flush(); // the row is updated (uncommitted) and the key soft-locked
        Transaction writing = tm.suspend();
        sf.getStatistics().clear(); // the writer's own read hit the cache before it locked the key

        // another JTA transaction, while the update is in flight: the cache answers nothing, the database the
        // committed state, and that read is never cached (it began before the commit)
        tm.begin();
        try (Session reader = sf.openSession()) {
            assertThat(reader.find(Ledger.class, 1L).note()).isEqualTo("L-1");
            assertThat(reader.find(Ledger.class, 1L).entries()).isEmpty();
            Transaction reading = tm.suspend();

            tm.resume(writing);
            tm.commit();
            writer.close();

            tm.resume(reading);
            tm.commit();
        }
        assertThat(entityRegion().getHitCount()).as("hits while soft-locked").isZero();

        sf.getStatistics().clear();
        inJta(s -> {
            assertThat(s.find(Ledger.class, 1L).note()).isEqualTo("L-1 changed");
            assertThat(s.find(Ledger.class, 1L).entries()).containsExactly("debit");
        });
        assertThat(entityRegion().getHitCount()).as("the committed state, cached after completion").isEqualTo(1);
    }

    @Test
    void rolledBackUpdate_leavesNoTraceInTheCache() throws Exception {
        inJta(s -> s.find(Ledger.class, 1L)); // cached

        tm.begin();
        try (Session writer = sf.openSession()) {
            writer.find(Ledger.class, 1L).rename("never committed");
            writer.flush();
            tm.rollback();
        }
        // the local tier orders the release exactly: a session that begins now may cache at once, no margin to wait

        sf.getStatistics().clear();
        inJta(s -> assertThat(s.find(Ledger.class, 1L).note()).isEqualTo("L-1"));
        inJta(s -> assertThat(s.find(Ledger.class, 1L).note()).isEqualTo("L-1"));
        // the first read after the rollback finds the key unlocked-but-refusing-older-loads or empty: it loads
        // the committed row and caches it; the second hits it
        assertThat(entityRegion().getHitCount()).isEqualTo(1);
    }

    @Test
    void rolledBackInsert_isNeverCached() throws Exception {
        tm.begin();
        try (Session writer = sf.openSession()) {
            writer.persist(new Ledger(2L, "L-2"));
            writer.flush();
            tm.rollback();
        }

        inJta(s -> assertThat(s.find(Ledger.class, 2L)).isNull());
        assertThat(sf.getCache().containsEntity(Ledger.class, 2L)).isFalse();
    }

    @Test
    void naturalId_underJta_resolvesFromTheCache_andFollowsACommittedChange() throws Exception {
        inJta(s -> assertThat(s.bySimpleNaturalId(Ledger.class).load("L-1")).isNotNull());
        sf.getStatistics().clear();

        inJta(s -> assertThat(s.bySimpleNaturalId(Ledger.class).load("L-1")).isNotNull());
        assertThat(sf.getStatistics().getNaturalIdStatistics(Ledger.class.getName()).getCacheHitCount())
                .isEqualTo(1);

        inJta(s -> s.createMutationQuery("delete from Ledger").executeUpdate());
        inJta(s -> assertThat(s.bySimpleNaturalId(Ledger.class).load("L-1")).isNull());
    }

    private static CacheRegionStatistics entityRegion() {
        return sf.getStatistics().getDomainDataRegionStatistics(Ledger.class.getName());
    }

    private static void inJta(Consumer<Session> work) throws Exception {
        tm.begin();
        try (Session s = sf.openSession()) {
            try {
                work.accept(s);
            } catch (RuntimeException | Error e) {
                tm.rollback();
                throw e;
            }
            tm.commit();
        }
    }

    /** Hands out Narayana transactional connections over the H2 XA data source (enlisted per transaction). */
    private static final class EnlistingDataSource implements DataSource {
        private final TransactionalDriver driver = new TransactionalDriver();
        private final JdbcDataSource xa;

        EnlistingDataSource(JdbcDataSource xa) {
            this.xa = xa;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Properties props = new Properties();
            props.put(TransactionalDriver.XADataSource, xa);
            props.put(TransactionalDriver.userName, H2.USER);
            props.put(TransactionalDriver.password, H2.PASSWORD);
            return driver.connect(TransactionalDriver.arjunaDriver, props);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("strata.test.jta");
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
