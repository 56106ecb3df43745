package org.kaphub.hl7v2.mllp;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The MLLP listener, checked at start-up (the YAML routes read these values as {{kap.mllp.*}} placeholders).
 * A message over max-message-bytes is answered AR and journaled (its first max-message-bytes); max-frame-bytes is
 * what camel-mllp buffers at most, above it the connection is reset (nothing to answer or journal: camel-mllp 4.17
 * drops the frame inside its socket reader). max-connections bounds the threads slow senders can hold. A frame
 * started but not finished within read-timeout-ms is dropped; a connection silent for idle-timeout-ms is closed;
 * receive-timeout-ms is how often a waiting connection checks for those conditions.
 */
@Validated
@ConfigurationProperties("kap.mllp")
public record MllpProperties(@NotBlank String host,
                      @Min(1) @Max(65535) int port,
                      @Min(1024) int maxMessageBytes,
                      @Min(1024) int maxFrameBytes,
                      @Min(1) int maxConnections,
                      @Min(100) int receiveTimeoutMs,
                      @Min(100) int readTimeoutMs,
                      @Min(1000) int idleTimeoutMs) {

    @AssertTrue(message = "max-frame-bytes must be larger than max-message-bytes, or oversize messages are never answered")
    boolean isFrameLimitAboveMessageLimit() {
        return maxFrameBytes > maxMessageBytes;
    }
}
