package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.stratacache.core.config.ConfigKey;
import org.stratacache.core.config.ConfigKeys;

/** Every configuration key is a row of the configuration table in {@code docs/configuration.md}. */
class ConfigKeysDocumentedTest {

    @Test
    void configurationPage_listsEveryConfigurationKey() throws Exception {
        Path page = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(page);
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(text).as("docs/configuration.md row for " + key.name()).contains("| `" + key.name() + "` |");
        }
    }
}
