package org.kaphub.partners;

import java.util.List;

/**
 * How KAP Hub authenticates when it sends to a FHIR partner (registry key {@code outbound-auth}): as a SMART Backend
 * Services client of the partner's authorization server — {@code client_credentials} at {@code tokenUrl}, with a
 * client secret ({@code client_secret_basic}) or a client assertion signed with KAP Hub's own key
 * ({@code private_key_jwt}; the partner knows our key from our JWK Set at {@code /oauth2/jwks}).
 */
public record OutboundAuth(String tokenUrl, String clientId, Method method, String secret, List<String> scopes) {

    /** YAML spelling: client-secret-basic | private-key-jwt */
    public enum Method { CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT }

    public OutboundAuth {
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "OutboundAuth[" + clientId + " at " + tokenUrl + ", " + method + "]"; // never the secret
    }
}
