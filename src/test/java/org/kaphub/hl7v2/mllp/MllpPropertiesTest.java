package org.kaphub.hl7v2.mllp;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class MllpPropertiesTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Mllp.class);

    @Configuration
    @EnableConfigurationProperties(MllpProperties.class)
    static class Mllp {
    }

    @Test
    void frameLimitMustExceedMessageLimitOrOversizeMessagesCouldNeverBeAnswered() {
        assertThat(validator.validate(limits(262144, 524288))).isEmpty();
        assertThat(validator.validate(limits(524288, 524288)))
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("max-frame-bytes must be larger than max-message-bytes, or oversize messages are never answered");
    }

    @Test
    void withNothingSetTheRecordsDefaultsApply() {
        context.run(started -> assertThat(started.getBean(MllpProperties.class))
                .isEqualTo(new MllpProperties("0.0.0.0", 2575, 10485760, 16777216, 50, 15000, 5000, 600000)));
    }

    @Test
    void aBadValueStopsTheStartNamingTheProperty() {
        context.withPropertyValues("kap.mllp.port=70000").run(started -> assertThat(started).getFailure()
                .hasStackTraceContaining("kap.mllp.port").hasStackTraceContaining("65535"));
        context.withPropertyValues("kap.mllp.max-message-bytes=20000000").run(started -> assertThat(started).getFailure()
                .hasStackTraceContaining("max-frame-bytes must be larger than max-message-bytes"));
    }

    private static MllpProperties limits(int maxMessageBytes, int maxFrameBytes) {
        return new MllpProperties("127.0.0.1", 2575, maxMessageBytes, maxFrameBytes, 50, 15000, 5000, 600000);
    }
}
