package org.kaphub.hl7v2.mllp;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS switched on without a key store stops the start with that reason, not a missing bean further down. */
class MllpTlsPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Tls.class);

    @Configuration
    @EnableConfigurationProperties(MllpTlsProperties.class)
    static class Tls {
    }

    @Test
    void enabledWithoutAKeystoreStopsTheStart() {
        context.withPropertyValues("kap.mllp.tls.enabled=true").run(started -> assertThat(started).getFailure()
                .hasStackTraceContaining("enabled needs a keystore (kap.mllp.tls.keystore)"));
        context.withPropertyValues("kap.mllp.tls.enabled=true", "kap.mllp.tls.keystore=server.p12")
                .run(started -> assertThat(started).hasNotFailed());
        context.run(started -> assertThat(started.getBean(MllpTlsProperties.class).clientAuth())
                .isEqualTo(MllpTlsProperties.ClientAuth.NONE));
    }
}
