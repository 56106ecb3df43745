package org.kaphub.hl7v2.mllp;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The routes' {{kap.mllp.*}} placeholders resolve with nothing configured: from the record's defaults. */
class MllpPlaceholdersTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(kap\\.mllp\\.[a-z-]+)}}");

    @Test
    void everyMllpPlaceholderOfTheRoutesIsAnsweredFromTheRecordsDefaults() throws IOException {
        MllpPlaceholders placeholders = new MllpPlaceholders(bind(Map.of()));

        Set<String> used = placeholdersIn(Path.of("camel-routes"), Path.of("src/test/resources/camel"));
        assertThat(used).contains("kap.mllp.host", "kap.mllp.port", "kap.mllp.max-frame-bytes");
        assertThat(used).allSatisfy(name -> assertThat(placeholders.getProperty(name)).as(name).isNotBlank());
        assertThat(placeholders.getProperty("kap.mllp.port")).isEqualTo("2575");
        assertThat(placeholders.getProperty("kap.mllp.max-frame-bytes")).isEqualTo("16777216");
        assertThat(placeholders.getProperty("kap.mllp.unknown")).isNull();
    }

    @Test
    void aConfiguredValueIsWhatTheRoutesGet() {
        MllpPlaceholders placeholders = new MllpPlaceholders(bind(Map.of("kap.mllp.idle-timeout-ms", "60000")));

        assertThat(placeholders.getProperty("kap.mllp.idle-timeout-ms")).isEqualTo("60000");
        assertThat(placeholders.getProperty("kap.mllp.read-timeout-ms")).isEqualTo("5000");
    }

    private static MllpProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("kap.mllp", MllpProperties.class);
    }

    private static Set<String> placeholdersIn(Path... directories) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path directory : directories) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                    Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                }
            }
        }
        return names;
    }
}
