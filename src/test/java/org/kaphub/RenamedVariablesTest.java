package org.kaphub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A variable nothing reads any more stops the start, naming its successor; the successor is read. */
class RenamedVariablesTest {

    @Test
    void anOldVariableStopsTheStartAndNamesTheNewOne() {
        assertThatThrownBy(() -> postProcess(Map.of("KAP_MODE", "production", "KAP_DB_URL", "jdbc:mariadb://db/kaphub")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KAP_DB_URL is now SPRING_DATASOURCE_URL")
                .hasMessageContaining("KAP_MODE is now KAP_SECURITY_MODE");
    }

    @Test
    void theNewVariablesStartNormally() {
        assertThatCode(() -> postProcess(Map.of("KAP_SECURITY_MODE", "production", "KAP_PARTNERS_FILE", "/etc/p.yaml",
                "SPRING_DATASOURCE_URL", "jdbc:mariadb://db/kaphub"))).doesNotThrowAnyException();
    }

    @Test
    void everyOldNameIsReadByNoPropertyAndEveryNewNameByOne() throws IOException {
        Set<String> properties = allProperties();
        RenamedVariables.RENAMED.forEach((old, successor) -> {
            assertThat(properties).as("%s is still read (Spring's relaxed binding): it need not be refused", old)
                    .noneMatch(property -> reads(old, property));
            assertThat(properties).as("%s is read by a property", successor).anyMatch(property -> reads(successor, property));
        });
    }

    private static void postProcess(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        new RenamedVariables().postProcessEnvironment(environment, new SpringApplication());
    }

    private static boolean reads(String variable, String property) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x")));
        return ConfigurationPropertyName.isValid(property)
                && source.getConfigurationProperty(ConfigurationPropertyName.of(property)) != null;
    }

    /** Every property described by KAP Hub's, Spring Boot's and Camel's metadata. */
    private static Set<String> allProperties() throws IOException {
        Set<String> names = new TreeSet<>();
        for (URL url : Collections.list(RenamedVariablesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : new ObjectMapper().readTree(in).path("properties")) {
                    names.add(property.path("name").asText());
                }
            }
        }
        return names;
    }
}
