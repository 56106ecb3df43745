package org.kaphub.security;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a validated access token may do. The registration decides; a token can only ask for less:
 * <ul>
 *   <li>a registered client gets the token's scopes that its registration covers, {@code kap/part2.read} only when
 *       the registration says {@code part2: true}, and {@code patient/} scopes only when it is not limited to
 *       organisations (a token's {@code patient} claim must not reach a patient of another organisation);</li>
 *   <li>a client of the external issuer without a registration gets the token's resource scopes, but never what
 *       only a registration confers: Part 2 data, the audit trail, the management endpoints;</li>
 *   <li>a token of our own whose client is no longer registered grants nothing (it is refused).</li>
 * </ul>
 * An external token is bound only to a registration that has neither a secret nor a JWK Set URL — one that signs
 * in at the clinic's identity provider — so that provider cannot mint tokens in the name of a partner that
 * authenticates here.
 */
final class TokenGrants {

    private TokenGrants() {
    }

    /** The registration that governs a token of this client: ours bind to any, external ones only to their own kind. */
    static Optional<ClientRegistration> registration(ClientRegistry registry, String clientId, boolean external) {
        if (clientId == null) {
            return Optional.empty();
        }
        return registry.find(clientId).filter(registration -> !external || signsInElsewhere(registration));
    }

    static boolean signsInElsewhere(ClientRegistration registration) {
        return blank(registration.secret()) && blank(registration.jwksUri());
    }

    /** The scopes granted: what the token carries, cut down to what the registration (or its absence) allows. */
    static Set<String> scopes(Set<String> tokenScopes, Optional<ClientRegistration> registration) {
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : tokenScopes) {
            if (registration.isPresent() ? registered(scope, registration.get()) : unregistered(scope)) {
                granted.add(scope);
            }
        }
        return granted;
    }

    private static boolean registered(String scope, ClientRegistration registration) {
        if (SmartScope.PART2.equals(scope)) {
            return registration.part2();
        }
        if (scope.startsWith("patient/") && !registration.organizations().isEmpty()) {
            return false;
        }
        return SmartScope.covered(registration.scopes(), scope);
    }

    /** Only resource scopes; an AuditEvent scope, Part 2 and the management scope come from a registration. */
    private static boolean unregistered(String scope) {
        return SmartScope.parse(scope).filter(parsed -> !SmartScope.AUDIT_EVENT.equals(parsed.resourceType())).isPresent();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
