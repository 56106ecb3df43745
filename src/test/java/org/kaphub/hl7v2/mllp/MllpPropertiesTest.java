package org.kaphub.hl7v2.mllp;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MllpPropertiesTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void frameLimitMustExceedMessageLimitOrOversizeMessagesCouldNeverBeAnswered() {
        assertThat(validator.validate(limits(262144, 524288))).isEmpty();
        assertThat(validator.validate(limits(524288, 524288)))
                .extracting(ConstraintViolation::getMessage)
                .containsExactly("max-frame-bytes must be larger than max-message-bytes, or oversize messages are never answered");
    }

    private static MllpProperties limits(int maxMessageBytes, int maxFrameBytes) {
        return new MllpProperties("127.0.0.1", 2575, maxMessageBytes, maxFrameBytes, 50, 15000, 5000, 600000);
    }
}
