package org.stratacache.spring.boot.tests;

import java.util.Map;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The application the starter's tests run: products read by JDBC and by JPA, written by JDBC. */
@SpringBootApplication
@EnableCaching
public class ShopApplication {

    /** A product, in Hibernate's second-level cache. */
    @Entity(name = "Product")
    @Table(name = "product")
    @Cacheable
    public static class Product {
        @Id
        private long id;
        private String name;

        protected Product() {
        }

        public Product(long id, String name) {
            this.id = id;
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    /** A price list behind Spring's {@code @Cacheable}: Boot's JCache support, on Strata's provider. */
    @org.springframework.stereotype.Service
    public static class PriceList {
        private final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

        @org.springframework.cache.annotation.Cacheable("prices")
        public Long price(long id) {
            lookups.incrementAndGet();
            return id * 100;
        }

        public int lookups() {
            return lookups.get();
        }
    }

    @RestController
    public static class ProductController {
        private final JdbcTemplate jdbc;
        private final EntityManager entities;

        public ProductController(JdbcTemplate jdbc, EntityManager entities) {
            this.jdbc = jdbc;
            this.entities = entities;
        }

        @GetMapping("/products/{id}")
        public Map<String, Object> read(@PathVariable("id") long id) {
            return jdbc.queryForMap("select id, name from product where id = ?", id);
        }

        @PostMapping("/products/{id}")
        public void rename(@PathVariable("id") long id, @RequestParam("name") String name) {
            jdbc.update("update product set name = ? where id = ?", name, id);
        }

        @GetMapping("/entities/{id}")
        @Transactional(readOnly = true)
        public String entity(@PathVariable("id") long id) {
            return entities.find(Product.class, id).getName();
        }
    }
}
