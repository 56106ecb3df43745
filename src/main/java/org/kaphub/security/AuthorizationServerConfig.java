package org.kaphub.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import org.kaphub.audit.AuditTrail;
import org.kaphub.audit.UnauthenticatedRequests;
import org.kaphub.db.DataDirProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ErrorAuthenticationFailureHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

import java.util.List;
import java.util.Set;

/**
 * KAP Hub as its own OAuth2 authorization server for partners (SMART Backend Services): client_credentials at
 * /oauth2/token, clients authenticating with private_key_jwt (or a client secret), JWT access tokens signed with
 * our key and published at /oauth2/jwks. Client assertions follow SMART Backend Services ({@link ClientAssertionDecoders}:
 * exp at most five minutes ahead, jti never accepted twice). Every token issued or refused to a client is audited;
 * failed client authentications are counted per source and minute.
 */
@Configuration
class AuthorizationServerConfig {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, AuditTrail audit,
                                                 ClientAssertionValidator.ReplayCheck usedAssertions)
            throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        AuthenticationFailureHandler refused = auditedFailure(audit);
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as
                        .tokenEndpoint(token -> token
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider credentials) {
                                        credentials.setAuthenticationValidator(AuthorizationServerConfig::validateScopes);
                                    }
                                }))
                                .accessTokenResponseHandler(auditedSuccess(audit))
                                .errorResponseHandler(refused))
                        .clientAuthentication(client -> client
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
                                        assertions.setJwtDecoderFactory(new ClientAssertionDecoders(usedAssertions));
                                    }
                                }))
                                .errorResponseHandler(clientRefused(audit))))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()));
        return http.build();
    }

    /**
     * SMART semantics instead of exact matching: a client registered with {@code system/*.cruds} may ask for
     * {@code system/Patient.rs} or the v1 spelling {@code system/*.read}.
     */
    static void validateScopes(OAuth2ClientCredentialsAuthenticationContext context) {
        OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
        Set<String> registered = context.getRegisteredClient().getScopes();
        for (String scope : request.getScopes()) {
            if (!SmartScope.covered(registered, scope)) {
                throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
                        "scope not granted to this client: " + scope, null));
            }
        }
    }

    /** Audience, client id, and — when the request named no scope — every scope the client is registered for. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(SecurityProperties properties) {
        return context -> {
            RegisteredClient client = context.getRegisteredClient();
            context.getClaims().audience(List.of(properties.tokenAudience()));
            context.getClaims().claim("client_id", client.getClientId());
            if (context.getAuthorizedScopes().isEmpty()) {
                context.getClaims().claim("scope", List.copyOf(client.getScopes()));
            }
        };
    }

    @Bean
    RegisteredClientRepository registeredClients(ClientRegistry registry, SecurityProperties properties) {
        return new RegisteredClients(registry, properties.tokenLifetime());
    }

    @Bean
    RSAKey signingKey(SecurityProperties properties, DataDirProperties data) {
        return SigningKey.load(properties.jwtSigningKey(), properties.jwtSigningKeyPassword(), data.dataDir());
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
        return new ImmutableJWKSet<>(new JWKSet(signingKey));
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder().tokenEndpoint("/oauth2/token");
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }

    /**
     * Access tokens are self-contained JWTs living minutes: nothing is kept per token (the default in-memory
     * store would grow with every token a partner ever fetched).
     */
    @Bean
    OAuth2AuthorizationService authorizations() {
        return new OAuth2AuthorizationService() {
            @Override
            public void save(OAuth2Authorization authorization) {
            }

            @Override
            public void remove(OAuth2Authorization authorization) {
            }

            @Override
            public OAuth2Authorization findById(String id) {
                return null;
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                return null;
            }
        };
    }

    private static AuthenticationSuccessHandler auditedSuccess(AuditTrail audit) {
        AuthenticationSuccessHandler respond = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        return (request, response, authentication) -> {
            if (authentication instanceof OAuth2AccessTokenAuthenticationToken issued) {
                Set<String> scopes = issued.getAccessToken().getScopes();
                audit.tokenIssued(issued.getRegisteredClient().getClientId(),
                        scopes.isEmpty() ? issued.getRegisteredClient().getScopes() : scopes, request.getRemoteAddr());
            }
            respond.onAuthenticationSuccess(request, response, authentication);
        };
    }

    private static AuthenticationFailureHandler auditedFailure(AuditTrail audit) {
        AuthenticationFailureHandler respond = new OAuth2ErrorAuthenticationFailureHandler();
        return (request, response, exception) -> {
            audit.tokenRefused(claimedClient(request), errorCode(exception), request.getRemoteAddr());
            respond.onAuthenticationFailure(request, response, exception);
        };
    }

    /**
     * A client that failed to authenticate: 401 invalid_client (RFC 6749 §5.2), never saying which part was wrong.
     * Anyone can cause it, so it is counted per source and minute, not written one by one.
     */
    private static AuthenticationFailureHandler clientRefused(AuditTrail audit) {
        return (request, response, exception) -> {
            audit.unauthenticated(UnauthenticatedRequests.Reason.CLIENT_AUTHENTICATION, request.getRemoteAddr());
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"kap-hub\"");
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write("{\"error\":\"invalid_client\"}");
        };
    }

    private static String errorCode(AuthenticationException exception) {
        return exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "invalid_request";
    }

    /** The client id the request claims (form parameter only; a Basic header is not decoded for the audit). */
    private static String claimedClient(HttpServletRequest request) {
        Object authenticated = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        if (authenticated instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
            return client.getRegisteredClient().getClientId();
        }
        String id = request.getParameter("client_id");
        return id == null || id.length() > 100 ? "unknown" : id;
    }
}
