package org.kaphub.delivery.push;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Pushing to a partner's FHIR endpoint and signing in at its authorization server.
 *
 * @param connectTimeout     a partner (or its token endpoint) that does not accept the connection by then is down
 * @param readTimeout        a response not complete by then is a failed attempt (the row is sent again: the
 *                           conditional update makes that harmless)
 * @param tokenRefreshBefore an access token is used until this long before it expires, then a new one is fetched
 */
@Validated
@ConfigurationProperties("kap.delivery.push")
public record PushProperties(
        @DefaultValue("5s") @NotNull Duration connectTimeout,
        @DefaultValue("30s") @NotNull Duration readTimeout,
        @DefaultValue("60s") @NotNull Duration tokenRefreshBefore) {
}
