package org.stratacache.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.stratacache.core.config.ConfigKey;
import org.stratacache.core.config.ConfigKeys;

/** Every configuration key is a row of the README's configuration table. */
class ConfigKeysDocumentedTest {

    @Test
    void readme_listsEveryConfigurationKey() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        for (ConfigKey<?> key : ConfigKeys.all()) {
            assertThat(text).as("README row for " + key.name()).contains("| `" + key.name() + "` |");
        }
    }
}
