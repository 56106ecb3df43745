package org.kaphub.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;

/**
 * A validated bearer token: its client, the scopes granted to it (as {@code SCOPE_…} authorities, see
 * {@link TokenGrants}) and whether the clinic's identity provider issued it rather than we did.
 */
final class KapAuthentication extends JwtAuthenticationToken {

    private final boolean external;

    KapAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, String clientId, boolean external) {
        super(jwt, authorities, clientId);
        this.external = external;
    }

    boolean external() {
        return external;
    }
}
