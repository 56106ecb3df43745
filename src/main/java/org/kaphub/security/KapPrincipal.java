package org.kaphub.security;

import org.kaphub.partners.Partner;
import org.kaphub.security.SmartScope.Permission;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;
import java.util.EnumSet;
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

    /** {@code system/kap.admin}: management endpoints and the shared definitions (ValueSet, Questionnaire, …). */
    boolean admin() {
        return scopes.contains(SmartScope.ADMIN);
    }

    /**
     * Whether one of the client's scopes grants {@code permission} on {@code type} within its registration's type
     * limit. {@code user/} scopes grant nothing; {@code patient/} scopes only with a patient context.
     */
    boolean permits(String type, Permission permission) {
        Set<String> types = allowedResourceTypes();
        if (!types.isEmpty() && !types.contains(type)) {
            return false;
        }
        return smartScopes().stream().anyMatch(s -> (s.context() == SmartScope.Context.SYSTEM
                || s.context() == SmartScope.Context.PATIENT && patient != null)
                && (type.equals(s.resourceType()) || s.anyType() && !SmartScope.AUDIT_EVENT.equals(type))
                && s.permissions().contains(permission));
    }

    /**
     * Sees everything the server holds: reads and searches every type with a system scope, with 42 CFR Part 2 and
     * no organisation or type limit. Search terms that reach into other resources are open only to such clients.
     */
    boolean fullView() {
        return part2() && allowedOrganizations().isEmpty() && allowedResourceTypes().isEmpty()
                && smartScopes().stream().anyMatch(s -> s.context() == SmartScope.Context.SYSTEM && s.anyType()
                && s.permissions().containsAll(EnumSet.of(Permission.READ, Permission.SEARCH)));
    }

    /** A client that acts for one patient only: {@code patient/} scopes, no {@code system/} scope. */
    boolean patientContextOnly() {
        return patient != null && smartScopes().stream().noneMatch(s -> s.context() == SmartScope.Context.SYSTEM);
    }

    /** The registered partner this client acts for (none for an external issuer's unregistered client). */
    Optional<Partner> partner() {
        return registration.map(ClientRegistration::partner);
    }
}
