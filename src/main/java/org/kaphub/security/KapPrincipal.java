package org.kaphub.security;

import org.kaphub.partners.Partner;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated client of the current request: its id, granted scopes, SMART patient context (the
 * {@code patient} claim, for {@code patient/} scopes) and its registration, whose limits hold whatever the
 * token says. A client from an external issuer may have no registration here: then only its scopes apply.
 */
record KapPrincipal(String clientId, Set<String> scopes, String patient, Optional<ClientRegistration> registration) {

    static Optional<KapPrincipal> current(ClientRegistry registry) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken jwt) || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        String clientId = jwt.getName();
        String patient = jwt.getToken().getClaimAsString("patient");
        return Optional.of(new KapPrincipal(clientId, scopes(jwt.getToken().getClaims().get("scope")), patient,
                registry.find(clientId)));
    }

    /** The {@code scope} claim as a space-separated string (RFC 8693/9068) or a list (Spring Authorization Server). */
    static Set<String> scopes(Object claim) {
        Set<String> scopes = new LinkedHashSet<>();
        if (claim instanceof String text) {
            for (String scope : text.trim().split("\\s+")) {
                if (!scope.isEmpty()) {
                    scopes.add(scope);
                }
            }
        } else if (claim instanceof Collection<?> list) {
            list.forEach(scope -> scopes.add(String.valueOf(scope)));
        }
        return scopes;
    }

    List<SmartScope> smartScopes() {
        return scopes.stream().map(SmartScope::parse).flatMap(Optional::stream).toList();
    }

    /** 42 CFR Part 2: the token carries the Part 2 scope (issued only to registrations marked part2). */
    boolean part2() {
        return scopes.contains(SmartScope.PART2);
    }

    Set<String> allowedResourceTypes() {
        return registration.map(ClientRegistration::resourceTypes).orElse(Set.of());
    }

    Set<String> allowedOrganizations() {
        return registration.map(ClientRegistration::organizations).orElse(Set.of());
    }

    /** The registered partner this client acts for (none for an external issuer's unregistered client). */
    Optional<Partner> partner() {
        return registration.map(ClientRegistration::partner);
    }
}
