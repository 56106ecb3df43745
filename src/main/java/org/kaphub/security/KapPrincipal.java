package org.kaphub.security;

import org.kaphub.ownership.Writer;
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
 * The authenticated client of the current request: its id, granted scopes (what {@link TokenGrants} left of the
 * token's), SMART patient context (the {@code patient} claim, for {@code patient/} scopes) and its registration,
 * whose limits hold whatever the token says. A client of the external issuer may have no registration here: then
 * its scopes apply without Part 2, audit or management rights (see {@link TokenGrants}).
 */
record KapPrincipal(String clientId, Set<String> scopes, String patient, Optional<ClientRegistration> registration) {

    static final String SCOPE_AUTHORITY = "SCOPE_";

    static Optional<KapPrincipal> current(ClientRegistry registry) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken jwt) || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        String clientId = jwt.getName();
        String patient = jwt.getToken().getClaimAsString("patient");
        boolean external = jwt instanceof KapAuthentication token && token.external();
        return Optional.of(new KapPrincipal(clientId, granted(jwt), patient, TokenGrants.registration(registry, clientId, external)));
    }

    /** The granted scopes are the authorities the resource server derived from the token, not its raw claim. */
    private static Set<String> granted(JwtAuthenticationToken authentication) {
        Set<String> scopes = new LinkedHashSet<>();
        authentication.getAuthorities().forEach(authority -> {
            if (authority.getAuthority().startsWith(SCOPE_AUTHORITY)) {
                scopes.add(authority.getAuthority().substring(SCOPE_AUTHORITY.length()));
            }
        });
        return scopes;
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

    /** 42 CFR Part 2: the registration grants it and the token asks for it (a client may ask for less). */
    boolean part2() {
        return registration.map(ClientRegistration::part2).orElse(false) && scopes.contains(SmartScope.PART2);
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

    /**
     * Who writes, for ownership/'s write rule: limited to its organisations' patients, or (a patient-context client)
     * to its one patient.
     */
    Writer writer() {
        if (!allowedOrganizations().isEmpty()) {
            return new Writer(clientId, allowedOrganizations(), null, part2(), partnerId());
        }
        return new Writer(clientId, Set.of(), patientContextOnly() ? patient : null, part2(), partnerId());
    }

    /** The registered partner this client acts for (none for an external issuer's unregistered client). */
    Optional<Partner> partner() {
        return registration.map(ClientRegistration::partner);
    }

    private String partnerId() {
        return registration.map(ClientRegistration::partnerId).orElse(null);
    }
}
