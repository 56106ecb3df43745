package org.kaphub.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TokenValidatorsTest {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ENDPOINT = "https://kap.example/oauth2/token";

    // ---- access tokens ----

    @Test
    void anAccessTokenNeedsExpAndIatAndNoIatInTheFuture() {
        TokenTimestamps timestamps = new TokenTimestamps(CLOCK);
        assertThat(timestamps.validate(jwt(Map.of("iat", NOW, "exp", NOW.plusSeconds(300)))).hasErrors()).isFalse();
        assertThat(timestamps.validate(jwt(Map.of("iat", NOW))).hasErrors()).isTrue();
        assertThat(timestamps.validate(jwt(Map.of("exp", NOW.plusSeconds(300)))).hasErrors()).isTrue();
        assertThat(timestamps.validate(jwt(Map.of("iat", NOW.plusSeconds(50), "exp", NOW.plusSeconds(300)))).hasErrors())
                .as("within the clock skew").isFalse();
        assertThat(timestamps.validate(jwt(Map.of("iat", NOW.plusSeconds(120), "exp", NOW.plusSeconds(300)))).hasErrors()).isTrue();
        // a token issued minutes ago and not yet expired stays good (Spring's JwtIssuedAtValidator would refuse any iat
        // older than its clock skew: every cached 5-minute token after one minute)
        assertThat(timestamps.validate(jwt(Map.of("iat", NOW.minusSeconds(240), "exp", NOW.plusSeconds(60)))).hasErrors())
                .as("issued four minutes ago").isFalse();
    }

    // ---- client assertions ----

    @Test
    void aSmartClientAssertionIsAccepted() {
        assertThat(validator(new HashSet<>()).validate(assertion(NOW.plusSeconds(240), "jti-1")).hasErrors()).isFalse();
    }

    @Test
    void anAssertionValidForMoreThanFiveMinutesIsRefused() {
        ClientAssertionValidator validator = validator(new HashSet<>());
        assertThat(validator.validate(assertion(NOW.plus(Duration.ofDays(30)), "jti-30d")).hasErrors()).isTrue();
        assertThat(validator.validate(assertion(NOW.plusSeconds(300 + 60 + 1), "jti-6m")).hasErrors()).isTrue();
        assertThat(validator.validate(assertion(NOW.plusSeconds(300 + 30), "jti-5m30")).hasErrors()).as("within the skew").isFalse();
    }

    @Test
    void anExpiredAssertionOrOneWithoutExpOrJtiIsRefused() {
        ClientAssertionValidator validator = validator(new HashSet<>());
        assertThat(validator.validate(assertion(NOW.minusSeconds(120), "old")).hasErrors()).isTrue();
        assertThat(validator.validate(assertion(null, "no-exp")).hasErrors()).isTrue();
        assertThat(validator.validate(assertion(NOW.plusSeconds(60), null)).hasErrors()).isTrue();
        assertThat(validator.validate(assertion(NOW.plusSeconds(60), "x".repeat(256))).hasErrors()).isTrue();
    }

    @Test
    void aJtiIsAcceptedOnce() {
        Set<String> used = new HashSet<>();
        ClientAssertionValidator validator = validator(used);
        assertThat(validator.validate(assertion(NOW.plusSeconds(60), "same")).hasErrors()).isFalse();
        assertThat(validator.validate(assertion(NOW.plusSeconds(120), "same")).hasErrors()).isTrue();
        assertThat(validator.validate(assertion(NOW.plusSeconds(120), "other")).hasErrors()).isFalse();
    }

    @Test
    void anInvalidAssertionDoesNotUseUpItsJti() {
        Set<String> used = new HashSet<>();
        validator(used).validate(assertion(NOW.plus(Duration.ofDays(30)), "long-lived"));
        assertThat(used).isEmpty();
    }

    @Test
    void issSubAndAudMustNameTheClientAndTheTokenEndpoint() {
        ClientAssertionValidator validator = validator(new HashSet<>());
        Map<String, Object> claims = claims(NOW.plusSeconds(60), "a");
        claims.put("iss", "someone-else");
        assertThat(validator.validate(jwt(claims)).hasErrors()).isTrue();
        claims = claims(NOW.plusSeconds(60), "b");
        claims.put("sub", "someone-else");
        assertThat(validator.validate(jwt(claims)).hasErrors()).isTrue();
        claims = claims(NOW.plusSeconds(60), "c");
        claims.put("aud", List.of("https://kap.example"));
        assertThat(validator.validate(jwt(claims)).hasErrors()).isTrue();
    }

    @Test
    void theStoredKeyHashesClientAndJtiApart() {
        assertThat(UsedClientAssertions.key("a", "bc")).hasSize(64).isNotEqualTo(UsedClientAssertions.key("ab", "c"));
    }

    static ClientAssertionValidator validator(Set<String> used) {
        return new ClientAssertionValidator("partner", () -> ENDPOINT, (client, jti, until) -> used.add(client + " " + jti), CLOCK);
    }

    static Jwt assertion(Instant exp, String jti) {
        return jwt(claims(exp, jti));
    }

    static Map<String, Object> claims(Instant exp, String jti) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("iss", "partner");
        claims.put("sub", "partner");
        claims.put("aud", List.of(ENDPOINT));
        claims.put("iat", exp != null && exp.isBefore(NOW) ? exp.minusSeconds(60) : NOW);
        if (exp != null) {
            claims.put("exp", exp);
        }
        if (jti != null) {
            claims.put("jti", jti);
        }
        return claims;
    }

    static Jwt jwt(Map<String, Object> claims) {
        return Jwt.withTokenValue("t").header("alg", "RS384").claims(c -> c.putAll(claims)).build();
    }
}
