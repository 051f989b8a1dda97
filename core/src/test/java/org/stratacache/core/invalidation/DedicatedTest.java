package org.stratacache.core.invalidation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

class DedicatedTest {

    @Test
    void withoutParameters_dropsTheNamedOnes_andKeepsTheRest() {
        Set<String> replication = Set.of("replication", "preferQueryMode");
        assertThat(Dedicated.withoutParameters("jdbc:postgresql://h/db?preferQueryMode=extended&ssl=false",
                replication)).isEqualTo("jdbc:postgresql://h/db?ssl=false");
        assertThat(Dedicated.withoutParameters("jdbc:postgresql://h/db?preferQueryMode=extended", replication))
                .isEqualTo("jdbc:postgresql://h/db");
        assertThat(Dedicated.withoutParameters("jdbc:postgresql://h/db", replication))
                .isEqualTo("jdbc:postgresql://h/db");
    }
}
