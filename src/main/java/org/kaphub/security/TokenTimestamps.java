package org.kaphub.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuedAtValidator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A token must say when it was issued and when it ends. Spring's {@code JwtTimestampValidator} (run beside this
 * one, with the same skew) refuses an {@code exp} in the past and an {@code nbf} in the future, but accepts a token
 * without {@code exp} — one valid forever. Spring's own validators, required: {@code exp} present, {@code iat}
 * present and not in the future.
 */
final class TokenTimestamps implements OAuth2TokenValidator<Jwt> {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final OAuth2TokenValidator<Jwt> required;

    TokenTimestamps(Clock clock) {
        JwtIssuedAtValidator issuedAt = new JwtIssuedAtValidator(true);
        issuedAt.setClock(clock);
        issuedAt.setClockSkew(CLOCK_SKEW);
        this.required = new DelegatingOAuth2TokenValidator<>(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull), issuedAt);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        return required.validate(jwt);
    }
}
