package org.stratacache.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * These tests run on the versions Spring Boot's dependency management picks, not on the ones the rest of
 * Strata builds with: if the module's pom ever inherited Strata's pins, the starter would be tested on a
 * class path no Boot application has.
 */
class ManagedVersionsTest {

    @Test
    void classPath_isBootsManagedVersions() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
        // Boot 4.0 manages Hibernate 7.2; Strata itself builds with 7.4
        assertThat(org.hibernate.Version.getVersionString()).startsWith("7.2.");
    }
}
