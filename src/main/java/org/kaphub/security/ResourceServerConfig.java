package org.kaphub.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kaphub.audit.AuditTrail;
import org.kaphub.audit.UnauthenticatedRequests;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything but the token endpoint: bearer JWTs (ours, or a clinic IdP's) on /fhir and the management API;
 * /fhir/metadata, SMART discovery and /actuator/health open; other actuator endpoints and the JSON API under /api/
 * need {@code system/kap.admin}. 401 and 403 carry an OperationOutcome (under /api/: an RFC 9457 problem detail);
 * each 403 leaves an AuditEvent, 401s are counted per source and minute.
 */
@Configuration
class ResourceServerConfig {

    /** The operators' JSON API (delivery replay and control). */
    private static final String API = "/api/";
    /** Writes ProblemDetail as Spring MVC does (its Jackson mix-in: no "properties" wrapper). */
    private static final ObjectMapper PROBLEMS = Jackson2ObjectMapperBuilder.json().build();

    @Bean
    @Order(2)
    SecurityFilterChain resourceServerChain(HttpSecurity http, JwtDecoder jwtDecoder, ClientRegistry registry,
                                            SecurityProperties properties, AuditTrail audit) throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        AuthenticationEntryPoint unauthenticated = unauthenticated(audit);
        AccessDeniedHandler forbidden = forbidden(audit);
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers(path.matcher("/fhir/metadata"), path.matcher("/fhir/.well-known/smart-configuration"),
                                path.matcher("/.well-known/smart-configuration"), path.matcher("/error")).permitAll()
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasAuthority("SCOPE_" + SmartScope.ADMIN)
                        .requestMatchers(path.matcher(API + "**")).hasAuthority("SCOPE_" + SmartScope.ADMIN)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(tokenAuthentication(registry, properties)))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies: nothing for a cross-site request to ride on
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * The client is the token's client_id (ours), else azp, else sub; its authorities are the scopes its registration
     * grants of those the token carries ({@link TokenGrants}). (A token of ours whose client is no longer registered
     * never gets here: {@link #registered} refuses it.)
     */
    static Converter<Jwt, AbstractAuthenticationToken> tokenAuthentication(ClientRegistry registry, SecurityProperties properties) {
        SecurityProperties.External external = properties.external();
        return jwt -> {
            String client = clientOf(jwt);
            if (client == null || client.isBlank()) {
                throw new InvalidBearerTokenException("The token names no client");
            }
            boolean fromExternalIssuer = external.configured() && external.issuer().equals(jwt.getClaimAsString("iss"));
            Optional<ClientRegistration> registration = TokenGrants.registration(registry, client, fromExternalIssuer);
            List<GrantedAuthority> authorities = new ArrayList<>();
            TokenGrants.scopes(KapPrincipal.scopes(jwt.getClaims().get("scope")), registration)
                    .forEach(scope -> authorities.add(new SimpleGrantedAuthority(KapPrincipal.SCOPE_AUTHORITY + scope)));
            return new KapAuthentication(jwt, authorities, client, fromExternalIssuer);
        };
    }

    private static String clientOf(Jwt jwt) {
        String client = jwt.getClaimAsString("client_id");
        if (client == null) {
            client = jwt.getClaimAsString("azp");
        }
        return client != null ? client : jwt.getSubject();
    }

    /**
     * Our own tokens (signature by our key, audience {@code kap.security.token-audience}, issuer when configured),
     * or — when its {@code iss} is the configured external issuer — a clinic IdP's, checked against its JWK Set
     * (cached, re-fetched for an unknown key at most twice per 30 s: {@link JwkSets}). Either must carry
     * {@code exp} and {@code iat} ({@link TokenTimestamps}).
     */
    @Bean
    JwtDecoder jwtDecoder(RSAKey signingKey, SecurityProperties properties, ClientRegistry registry) throws JOSEException {
        NimbusJwtDecoder own = NimbusJwtDecoder.withPublicKey(signingKey.toRSAPublicKey()).build();
        own.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validator(properties.issuer(), properties.tokenAudience()),
                registered(registry)));
        SecurityProperties.External external = properties.external();
        NimbusJwtDecoder clinic;
        if (external.configured()) {
            clinic = JwkSets.decoder(JwkSets.remote(external.jwksUri()), JWSAlgorithm.RS256);
            String audience = external.audience() == null || external.audience().isBlank() ? properties.tokenAudience() : external.audience();
            clinic.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validator(external.issuer(), audience),
                    notDisabled(registry)));
        } else {
            clinic = null;
        }
        return token -> {
            String issuer;
            try {
                issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
            } catch (ParseException e) {
                throw new BadJwtException("Malformed token");
            }
            return clinic != null && external.issuer().equals(issuer) ? clinic.decode(token) : own.decode(token);
        };
    }

    /**
     * Our tokens hold while their client is registered and its partner enabled: a registry reload that removes or
     * disables it ends them at once, not when they expire.
     */
    private static OAuth2TokenValidator<Jwt> registered(ClientRegistry registry) {
        return jwt -> registry.find(clientOf(jwt)).isPresent() ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "The client is not registered or its partner is disabled", null));
    }

    /** An external issuer's token naming a disabled partner's client is refused like our own. */
    private static OAuth2TokenValidator<Jwt> notDisabled(ClientRegistry registry) {
        return jwt -> !registry.disabled(clientOf(jwt)) ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                "The client's partner is disabled", null));
    }

    private static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        OAuth2TokenValidator<Jwt> base = issuer == null || issuer.isBlank()
                ? JwtValidators.createDefault() : JwtValidators.createDefaultWithIssuer(issuer);
        return new DelegatingOAuth2TokenValidator<>(base, new TokenTimestamps(Clock.systemUTC()), new JwtAudienceValidator(audience));
    }

    private static AuthenticationEntryPoint unauthenticated(AuditTrail audit) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception); // 401 and WWW-Authenticate: Bearer …
            UnauthenticatedRequests.Reason reason = exception instanceof OAuth2AuthenticationException
                    ? UnauthenticatedRequests.Reason.INVALID_TOKEN : UnauthenticatedRequests.Reason.NO_TOKEN;
            safely(() -> audit.unauthenticated(reason, request.getRemoteAddr())); // counted per source and minute
            outcome(request, response, "login", "Authentication required: send an OAuth2 bearer token (see /.well-known/smart-configuration)");
        };
    }

    private static AccessDeniedHandler forbidden(AuditTrail audit) {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            bearer.handle(request, response, exception);
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            safely(() -> audit.accessDenied(403, authentication == null ? null : authentication.getName(), request.getMethod(),
                    request.getRequestURI(), "insufficient scope", request.getRemoteAddr()));
            outcome(request, response, "forbidden", "Insufficient scope for this request");
        };
    }

    private static void safely(Runnable audit) {
        try {
            audit.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ResourceServerConfig.class)
                    .error("Denial could not be audited: {}", e.getClass().getSimpleName());
        }
    }

    private static void outcome(HttpServletRequest request, HttpServletResponse response, String code, String text)
            throws IOException {
        if (request.getRequestURI().startsWith(API)) { // JSON clients of /api/ get the web's error shape, not FHIR's
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(response.getStatus()), text);
            problem.setInstance(URI.create(request.getRequestURI()));
            PROBLEMS.writeValue(response.getWriter(), problem);
            return;
        }
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
                + code + "\",\"diagnostics\":\"" + text + "\"}]}");
    }

}
