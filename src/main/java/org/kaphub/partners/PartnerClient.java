package org.kaphub.partners;

import java.util.Set;

/**
 * An OAuth client acting for a partner: a client secret (encoded, e.g. {@code {bcrypt}…}) or the JWK Set URL of its
 * private_key_jwt key, and the scopes it may be granted. The secret never leaves the registry except to the
 * authorization server's password encoder.
 */
public record PartnerClient(String clientId, String secret, String jwksUri, Set<String> scopes) {

    public PartnerClient {
        scopes = Set.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "PartnerClient[" + clientId + "]"; // never the secret
    }
}
