package org.kaphub.delivery.push;

import com.nimbusds.jose.jwk.RSAKey;
import org.kaphub.partners.OutboundAuth;
import org.kaphub.partners.Partner;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.NimbusJwtClientAuthenticationParametersConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens for pushing to partners: KAP Hub as a SMART Backend Services client of each partner's authorization
 * server ({@code client_credentials}; {@code client_secret_basic}, or {@code private_key_jwt} with a client assertion
 * signed with KAP Hub's own key, whose public half is published at {@code /oauth2/jwks}). Spring Security's OAuth2
 * client does the grant and keeps each token until {@code token-refresh-before} ahead of its expiry.
 * <p>
 * The registrations are made from the partner registry as it is now; a registration id carries a hash of the
 * partner's outbound-auth settings, so a changed secret or token URL is used at once rather than after the cached
 * token runs out. None of this is a Spring bean of Spring Boot's OAuth2 client: a ClientRegistrationRepository bean
 * would switch on its login filter chain.
 */
@Component
public class PartnerTokens {

    private static final String PRINCIPAL = "kap-hub";

    private final Map<String, ClientRegistration> registrations = new ConcurrentHashMap<>();
    private final OAuth2AuthorizedClientService cache;
    private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

    PartnerTokens(RSAKey signingKey, PushProperties properties, RestClient.Builder restClients) {
        ClientRegistrationRepository repository = registrations::get;
        this.cache = new InMemoryOAuth2AuthorizedClientService(repository);
        RestClientClientCredentialsTokenResponseClient tokens = new RestClientClientCredentialsTokenResponseClient();
        tokens.setRestClient(restClients.clone()
                .requestFactory(FhirPush.requestFactory(properties))
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        // private_key_jwt: iss = sub = client id, aud = token URL, a fresh jti, RS256 with our key's kid (SMART Backend Services)
        tokens.addParametersConverter(new NimbusJwtClientAuthenticationParametersConverter<OAuth2ClientCredentialsGrantRequest>(
                registration -> ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(registration.getClientAuthenticationMethod())
                        ? signingKey : null));
        this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(repository, cache);
        this.manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials(grant -> grant.accessTokenResponseClient(tokens).clockSkew(properties.tokenRefreshBefore()))
                .build());
    }

    /**
     * A bearer token for the partner, from the cache or newly granted; empty for a partner without outbound-auth.
     *
     * @throws org.springframework.security.oauth2.core.OAuth2AuthorizationException the partner's authorization server refused
     * @throws org.springframework.web.client.RestClientException it could not be reached
     */
    public Optional<String> bearer(Partner partner) {
        OutboundAuth auth = partner.outboundAuth();
        if (auth == null) {
            return Optional.empty();
        }
        ClientRegistration registration = registration(partner.id(), auth);
        OAuth2AuthorizedClient client = manager.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(registration.getRegistrationId()).principal(PRINCIPAL).build());
        return Optional.ofNullable(client).map(c -> c.getAccessToken().getTokenValue());
    }

    /** Drops the partner's cached token (it answered 401 with it): the next push asks for a new one. */
    public void forget(Partner partner) {
        if (partner.outboundAuth() != null) {
            cache.removeAuthorizedClient(registration(partner.id(), partner.outboundAuth()).getRegistrationId(), PRINCIPAL);
        }
    }

    /**
     * The partner's registration with the secret as it is now (an environment variable or file is read again): a
     * rotated secret is a new registration, so the next token is asked for with it.
     */
    private ClientRegistration registration(String partnerId, OutboundAuth auth) {
        String secret = auth.secret() == null ? null : auth.secret().value();
        String id = partnerId + "#" + Integer.toHexString(Objects.hash(auth, secret));
        return registrations.computeIfAbsent(id, key -> ClientRegistration.withRegistrationId(key)
                .clientId(auth.clientId())
                .clientSecret(secret)
                .clientAuthenticationMethod(auth.method() == OutboundAuth.Method.PRIVATE_KEY_JWT
                        ? ClientAuthenticationMethod.PRIVATE_KEY_JWT : ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenUri(auth.tokenUrl())
                .scope(auth.scopes())
                .build());
    }
}
