package org.kaphub.delivery.mllp;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Sending HL7 v2 to partners over MLLP (README "Sending over HL7 v2 (MLLP)").
 *
 * @param sendingApplication MSH-3 (ER7 HD components) of every message, unless the partner's hl7v2-out names another
 * @param sendingFacility    MSH-4, likewise
 * @param connectTimeout     a partner that does not accept the connection by then is down (the row is tried again)
 * @param ackTimeout         no ACK by then: the attempt failed and the same message (same MSH-10) is sent again later
 * @param idleTimeout        a connection to a partner unused this long is closed
 */
@Validated
@ConfigurationProperties("kap.delivery.mllp")
record MllpOutProperties(
        @DefaultValue("KAPHUB") @NotBlank String sendingApplication,
        @DefaultValue("KAPHUB") @NotBlank String sendingFacility,
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration ackTimeout,
        @DefaultValue("60s") @NotNull Duration idleTimeout) {
}
