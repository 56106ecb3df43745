package org.kaphub.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A token must say when it was issued and when it ends. Spring's {@code JwtTimestampValidator} (run beside this
 * one, with the same skew) refuses an {@code exp} in the past and an {@code nbf} in the future, but accepts a token
 * without {@code exp} — one valid forever. This refuses that, a token without {@code iat}, and one issued in the
 * future. (Not Spring's {@code JwtIssuedAtValidator}: it also refuses an {@code iat} older than its skew, i.e. every
 * token after its first minute.)
 */
final class TokenTimestamps implements OAuth2TokenValidator<Jwt> {

    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final Clock clock;

    TokenTimestamps(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return invalid("the token has no expiry (exp)");
        }
        if (jwt.getIssuedAt() == null) {
            return invalid("the token has no issue time (iat)");
        }
        if (jwt.getIssuedAt().isAfter(Instant.now(clock).plus(CLOCK_SKEW))) {
            return invalid("the token is issued in the future (iat)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
