package org.kaphub.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * A private_key_jwt client assertion as SMART Backend Services requires it: {@code iss} and {@code sub} are the
 * client id, {@code aud} is our token endpoint, {@code exp} is at most five minutes ahead (and not past), and
 * {@code jti} is present and was never accepted before within its lifetime. Checked after the signature, so only
 * an assertion the client really signed can use up a jti.
 */
final class ClientAssertionValidator implements OAuth2TokenValidator<Jwt> {

    static final Duration MAX_AHEAD = Duration.ofMinutes(5);
    static final int MAX_JTI_LENGTH = 255;

    /** Records a jti as used until {@code keepUntil}; false when it was already used and has not expired. */
    @FunctionalInterface
    interface ReplayCheck {
        boolean firstUse(String clientId, String jti, Instant keepUntil);
    }

    private final String clientId;
    private final Supplier<String> tokenEndpoint;
    private final ReplayCheck replay;
    private final Clock clock;
    private final JwtTimestampValidator timestamps;

    ClientAssertionValidator(String clientId, Supplier<String> tokenEndpoint, ReplayCheck replay, Clock clock) {
        this.clientId = clientId;
        this.tokenEndpoint = tokenEndpoint;
        this.replay = replay;
        this.clock = clock;
        this.timestamps = new JwtTimestampValidator(TokenTimestamps.CLOCK_SKEW);
        this.timestamps.setClock(clock);
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt assertion) {
        if (!clientId.equals(assertion.getClaimAsString("iss")) || !clientId.equals(assertion.getSubject())) {
            return invalid("iss and sub must be the client id");
        }
        List<String> audience = assertion.getAudience();
        if (audience == null || !audience.contains(tokenEndpoint.get())) {
            return invalid("aud must be the token endpoint");
        }
        Instant expires = assertion.getExpiresAt();
        if (expires == null) {
            return invalid("exp is required");
        }
        if (expires.isAfter(Instant.now(clock).plus(MAX_AHEAD).plus(TokenTimestamps.CLOCK_SKEW))) {
            return invalid("exp is more than five minutes ahead");
        }
        OAuth2TokenValidatorResult time = timestamps.validate(assertion);
        if (time.hasErrors()) {
            return time;
        }
        String jti = assertion.getId();
        if (jti == null || jti.isBlank() || jti.length() > MAX_JTI_LENGTH) {
            return invalid("jti is required");
        }
        // kept as long as the assertion could still be accepted: its exp plus the clock skew
        if (!replay.firstUse(clientId, jti, expires.plus(TokenTimestamps.CLOCK_SKEW))) {
            return invalid("jti was already used");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description,
                "https://hl7.org/fhir/smart-app-launch/client-confidential-asymmetric.html"));
    }
}
