package org.stratacache.hibernate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Natural-id resolution through the cache: immutable, mutable and inherited natural ids. Covers the behaviours
 * of Hibernate's {@code ImmutableNaturalIdTest}, {@code MutableNaturalIdTest}, {@code InheritedNaturalIdCacheTest}
 * and {@code NaturalIdInUninitializedAssociationTest} (the cached resolution parts).
 */
class NaturalIdConformanceTest extends ConformanceTestBase {

    @Test
    void immutable_secondResolution_hitsTheNaturalIdCache_withoutSql() {
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Member.class).load("ada@example.org").name).isEqualTo("Ada"));
        long before = statements();

        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Member.class).load("ada@example.org").name).isEqualTo("Ada"));

        assertThat(stats.getNaturalIdStatistics(Member.class.getName()).getCacheHitCount()).isEqualTo(1);
        assertThat(stats.getNaturalIdStatistics(Member.class.getName()).getCachePutCount()).isEqualTo(1);
        assertThat(statements()).isEqualTo(before);
    }

    @Test
    void mutable_afterChange_oldValueNoLongerResolves_andNewOneDoes() {
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Nickname.class).load("speedy")).isNotNull());

        sf.inTransaction(s -> s.bySimpleNaturalId(Nickname.class).load("speedy").nick = "turbo");
        tier.settle(sf);

        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Nickname.class).load("speedy")).isNull());
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Nickname.class).load("turbo").id).isEqualTo(1L));
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Nickname.class).load("turbo").id).isEqualTo(1L));
        assertThat(stats.getNaturalIdStatistics(Nickname.class.getName()).getCacheHitCount()).isPositive();
    }

    @Test
    void inherited_resolvesThroughRootAndSubclass_andNeverAsTheWrongSubclass() {
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Principal.class).load("alice")).isInstanceOf(Person.class));
        long before = statements();

        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Person.class).load("alice")).isInstanceOf(Person.class));
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Principal.class).load("alice").id).isEqualTo(1L));
        assertThat(statements()).as("both answered from the natural-id and entity caches").isEqualTo(before);

        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Robot.class).load("alice")).isNull());
        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Robot.class).load("r2d2")).isInstanceOf(Robot.class));
    }

    @Test
    void deletedEntity_naturalIdNoLongerResolves() {
        sf.inSession(s -> s.bySimpleNaturalId(Member.class).load("alan@example.org"));

        sf.inTransaction(s -> s.remove(s.bySimpleNaturalId(Member.class).load("alan@example.org")));

        sf.inSession(s -> assertThat(s.bySimpleNaturalId(Member.class).load("alan@example.org")).isNull());
    }
}
