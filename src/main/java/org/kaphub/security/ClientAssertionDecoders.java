package org.kaphub.security;

import com.nimbusds.jose.JWSAlgorithm;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoders for private_key_jwt client assertions, handed to Spring Authorization Server's
 * {@code JwtClientAssertionAuthenticationProvider} in place of its default factory, which fetches a partner's JWK
 * Set again for every unknown {@code kid} and checks neither how far ahead {@code exp} lies nor whether {@code jti}
 * was used before. Here each partner's JWK Set is a rate-limited, cached Nimbus source ({@link JwkSets}) and each
 * assertion passes {@link ClientAssertionValidator}.
 */
final class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

    private final ClientAssertionValidator.ReplayCheck replay;
    /** One decoder (and JWK Set cache) per client and JWK Set URL: a changed URL in the registry gets a new one. */
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    ClientAssertionDecoders(ClientAssertionValidator.ReplayCheck replay) {
        this.replay = replay;
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        String jwkSetUrl = client.getClientSettings().getJwkSetUrl();
        JwsAlgorithm algorithm = client.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm();
        if (jwkSetUrl == null || jwkSetUrl.isBlank() || !(algorithm instanceof SignatureAlgorithm)) {
            // a client registered with a secret only: no private_key_jwt (and no client_secret_jwt either)
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT));
        }
        return decoders.computeIfAbsent(client.getClientId() + " " + jwkSetUrl + " " + algorithm.getName(), key -> {
            NimbusJwtDecoder decoder = JwkSets.decoder(JwkSets.remote(jwkSetUrl), JWSAlgorithm.parse(algorithm.getName()));
            decoder.setJwtValidator(new ClientAssertionValidator(client.getClientId(), ClientAssertionDecoders::tokenEndpoint,
                    replay, Clock.systemUTC()));
            return decoder;
        });
    }

    /** Our token endpoint as this request sees it (the configured issuer, else the request's own base URL). */
    private static String tokenEndpoint() {
        AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
        return UriComponentsBuilder.fromUriString(context.getIssuer())
                .path(context.getAuthorizationServerSettings().getTokenEndpoint()).build().toUriString();
    }
}
