package org.kaphub.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;

/**
 * Someone else's JWK Set (the clinic identity provider's, a private_key_jwt partner's), fetched through Nimbus'
 * caching, rate-limited source. Spring's {@code NimbusJwtDecoder.withJwkSetUri} fetches the set again for every
 * token whose {@code kid} it does not know, so a flood of tokens with random kids would make this server flood the
 * partner; here a key unknown to the cached set is looked for at most twice per {@link #REFETCH_INTERVAL} (Nimbus'
 * rate limit), otherwise it is simply not found (the token is refused as signed by an unknown key).
 */
final class JwkSets {

    /** How long a fetched set is used before it is fetched again (Nimbus' default). */
    static final Duration CACHE_LIFETIME = Duration.ofMinutes(5);
    /** Nimbus allows two fetches per interval: one for a partner's key rotation, one for background refreshes. */
    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
    private static final int TIMEOUT_MS = 3_000;
    private static final int MAX_BYTES = 50 * 1024;

    private JwkSets() {
    }

    static JWKSource<SecurityContext> remote(String jwkSetUri) {
        URL url;
        try {
            url = URI.create(jwkSetUri).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JWK Set URL: " + jwkSetUri, e);
        }
        JWKSource<SecurityContext> cached = JWKSourceBuilder.<SecurityContext>create(url,
                        new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, MAX_BYTES))
                .cache(CACHE_LIFETIME.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .rateLimited(REFETCH_INTERVAL.toMillis())
                .build();
        return (selector, context) -> {
            try {
                return cached.get(selector, context);
            } catch (KeySourceException e) {
                if (rateLimited(e)) {
                    return List.<JWK>of(); // no key with that kid, as far as we may look now
                }
                throw e;
            }
        };
    }

    /** A decoder over {@code keys} that leaves every claim check to Spring's validators. */
    static NimbusJwtDecoder decoder(JWKSource<SecurityContext> keys, JWSAlgorithm algorithm) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm, keys));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        return new NimbusJwtDecoder(processor);
    }

    private static boolean rateLimited(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RateLimitReachedException) {
                return true;
            }
        }
        return false;
    }
}
