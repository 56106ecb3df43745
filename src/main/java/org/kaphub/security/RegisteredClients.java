package org.kaphub.security;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import java.time.Duration;

/** The partner registrations as Spring Authorization Server sees them: client_credentials only, JWT tokens. */
final class RegisteredClients implements RegisteredClientRepository {

    private final ClientRegistry registry;
    private final Duration tokenLifetime;

    RegisteredClients(ClientRegistry registry, Duration tokenLifetime) {
        this.registry = registry;
        this.tokenLifetime = tokenLifetime;
    }

    /**
     * Spring Authorization Server saves a client to upgrade a {noop} secret's encoding after a login; registrations
     * belong to the partner registry, so that upgrade is not kept.
     */
    @Override
    public void save(RegisteredClient registeredClient) {
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    /** A client of the clinic identity provider (no secret, no JWK Set) gets its tokens there, never here. */
    @Override
    public RegisteredClient findByClientId(String clientId) {
        return registry.find(clientId).filter(client -> !TokenGrants.signsInElsewhere(client)).map(this::toRegisteredClient).orElse(null);
    }

    private RegisteredClient toRegisteredClient(ClientRegistration client) {
        RegisteredClient.Builder builder = RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(tokenLifetime)
                        .build());
        ClientSettings.Builder settings = ClientSettings.builder().requireAuthorizationConsent(false);
        if (client.secret() != null && !client.secret().isBlank()) {
            builder.clientSecret(client.secret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        }
        if (client.jwksUri() != null) {
            // SMART Backend Services: the client signs an assertion with its own key (RS384 or ES384)
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
            settings.jwkSetUrl(client.jwksUri()).tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
        }
        return builder.clientSettings(settings.build()).build();
    }
}
