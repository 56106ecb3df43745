package org.kaphub.hl7v2.mllp;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The MLLP listener, checked at start-up; the YAML routes read these values as {{kap.mllp.*}} placeholders
 * ({@link MllpPlaceholders}).
 *
 * @param host             address the MLLP listener binds to
 * @param port             MLLP port
 * @param maxMessageBytes  largest accepted HL7 v2 message; a larger one is answered AR (ERR 104) and journaled with its
 *                         first max-message-bytes bytes
 * @param maxFrameBytes    most bytes camel-mllp buffers of one frame (must exceed max-message-bytes); a larger frame
 *                         resets its connection, unanswered and not journaled (camel-mllp 4.17 drops it inside its
 *                         socket reader)
 * @param maxConnections   concurrent MLLP connections, each served by its own thread
 * @param receiveTimeoutMs how often (ms) a connection waiting for a frame wakes up to check the other timeouts
 * @param readTimeoutMs    a frame begun but not completed within this time (ms) is dropped (a stalled, half-sent frame)
 * @param idleTimeoutMs    a connection silent for this long (ms) is closed
 */
@Validated
@ConfigurationProperties("kap.mllp")
public record MllpProperties(@DefaultValue("0.0.0.0") @NotBlank String host,
                             @DefaultValue("2575") @Min(1) @Max(65535) int port,
                             @DefaultValue("10485760") @Min(1024) int maxMessageBytes,
                             @DefaultValue("16777216") @Min(1024) int maxFrameBytes,
                             @DefaultValue("50") @Min(1) int maxConnections,
                             @DefaultValue("15000") @Min(100) int receiveTimeoutMs,
                             @DefaultValue("5000") @Min(100) int readTimeoutMs,
                             @DefaultValue("600000") @Min(1000) int idleTimeoutMs) {

    @AssertTrue(message = "max-frame-bytes must be larger than max-message-bytes, or oversize messages are never answered")
    boolean isFrameLimitAboveMessageLimit() {
        return maxFrameBytes > maxMessageBytes;
    }
}
