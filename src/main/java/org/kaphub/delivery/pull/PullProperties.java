package org.kaphub.delivery.pull;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The pull from prescribing platforms (README "Pull from prescribing platforms"). Which partners, how often and which
 * types is the partner registry's {@code pull:} key; these are the same for every partner.
 *
 * @param overlap        each poll asks from the high-water mark minus this, so a record stamped in the mark's second
 *                       (or committed late by the partner) is not missed; re-read records already stored are skipped
 * @param pageSize       {@code _count} of each search page
 * @param maxPages       pages read per type and poll; the rest follows at the next poll, from the advanced mark
 * @param connectTimeout connecting to the partner
 * @param readTimeout    waiting for one of its responses
 */
@Validated
@ConfigurationProperties("kap.delivery.pull")
record PullProperties(@DefaultValue("5s") @NotNull Duration overlap,
                      @DefaultValue("50") @Min(1) @Max(1000) int pageSize,
                      @DefaultValue("100") @Min(1) int maxPages,
                      @DefaultValue("10s") @NotNull Duration connectTimeout,
                      @DefaultValue("60s") @NotNull Duration readTimeout) {
}
