package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.stratacache.core.config.ConfigKeys;
import org.stratacache.core.config.StrataConfig;

class StrataConfigTest {

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty("strata.defaults.ttl");
        System.clearProperty("strata.defaults.max-entries");
    }

    @Test
    void of_unknownKey_failsNamingTheKeyAndASuggestion() {
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.defaults.tll", "10s")))
                .isInstanceOf(StrataConfigException.class)
                .hasMessageContaining("strata.defaults.tll")
                .hasMessageContaining("did you mean strata.defaults.ttl");
    }

    @Test
    void of_badValue_failsNamingTheKeyAndTheExpectedForm() {
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.defaults.ttl", "ten seconds")))
                .isInstanceOf(StrataConfigException.class)
                .hasMessageContaining("strata.defaults.ttl")
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.defaults.max-entries", "0")))
                .hasMessageContaining("strata.defaults.max-entries")
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.tier", "cloud")))
                .hasMessageContaining("strata.tier")
                .hasMessageContaining("local | distributed");
    }

    @Test
    void of_nonStrataKeys_areIgnored() {
        StrataConfig config = StrataConfig.of(Map.of("hibernate.show_sql", "true", "user", "sa"));
        assertThat(config.asMap()).isEmpty();
    }

    @Test
    void get_durationsAndUnits_parse() {
        StrataConfig config = StrataConfig.of(Map.of("strata.defaults.ttl", "250ms"));
        assertThat(config.get(ConfigKeys.DEFAULT_TTL)).isEqualTo(Duration.ofMillis(250));
        assertThat(StrataConfig.of(Map.of("strata.defaults.ttl", "2h")).get(ConfigKeys.DEFAULT_TTL))
                .isEqualTo(Duration.ofHours(2));
        assertThat(StrataConfig.of(Map.of("strata.defaults.ttl", "0")).get(ConfigKeys.DEFAULT_TTL))
                .isEqualTo(Duration.ZERO);
        assertThat(StrataConfig.of(Map.of()).get(ConfigKeys.DEFAULT_TTL))
                .isEqualTo(ConfigKeys.DEFAULT_TTL.defaultValue());
    }

    @Test
    void load_callerSettings_winOverSystemProperties() {
        System.setProperty("strata.defaults.ttl", "5s");
        System.setProperty("strata.defaults.max-entries", "7");
        StrataConfig config = StrataConfig.load(Map.of("strata.defaults.ttl", "9s"));
        assertThat(config.get(ConfigKeys.DEFAULT_TTL)).isEqualTo(Duration.ofSeconds(9));
        assertThat(config.get(ConfigKeys.DEFAULT_MAX_ENTRIES)).isEqualTo(7L);
    }

    @Test
    void regionSettings_ownKeys_overrideDefaults_evenWithDotsInTheName() {
        StrataConfig config = StrataConfig.of(Map.of(
                "strata.defaults.ttl", "1m",
                "strata.region.com.shop.Product.ttl", "30s",
                "strata.region.com.shop.Product.max-entries", "50"));
        RegionSettings product = config.regionSettings("com.shop.Product");
        assertThat(product.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(product.maxEntries()).isEqualTo(50);
        assertThat(config.hasRegionSettings("com.shop.Product")).isTrue();
        RegionSettings other = config.regionSettings("com.shop.Order");
        assertThat(other.ttl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.hasRegionSettings("com.shop.Order")).isFalse();
    }

    @Test
    void of_unknownRegionSetting_failsNamingTheKeyAndTheSettings() {
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.region.products.tl", "1s")))
                .isInstanceOf(StrataConfigException.class)
                .hasMessageContaining("strata.region.products.tl")
                .hasMessageContaining("ttl");
        assertThatThrownBy(() -> StrataConfig.of(Map.of("strata.region.products.ttl", "soon")))
                .hasMessageContaining("strata.region.products.ttl");
    }

    @Test
    void equals_sameEffectiveSettings_areEqual() {
        assertThat(StrataConfig.of(Map.of("strata.defaults.ttl", "1m", "x", "y")))
                .isEqualTo(StrataConfig.of(Map.of("strata.defaults.ttl", "1m")))
                .isNotEqualTo(StrataConfig.of(Map.of("strata.defaults.ttl", "2m")));
    }

    @Test
    void builder_settingWithoutPrefix_isRejected() {
        assertThatThrownBy(() -> RegionStore.builder().setting("defaults.ttl", "1s"))
                .isInstanceOf(StrataConfigException.class)
                .hasMessageContaining("defaults.ttl");
    }
}
