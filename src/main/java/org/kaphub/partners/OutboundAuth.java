package org.kaphub.partners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How KAP Hub authenticates when it sends to a FHIR partner (registry key {@code outbound-auth}): as a SMART Backend
 * Services client of the partner's authorization server — {@code client_credentials} at {@code tokenUrl}, with a
 * client secret ({@code client_secret_basic}) or a client assertion signed with KAP Hub's own key
 * ({@code private_key_jwt}; the partner knows our key from our JWK Set at {@code /oauth2/jwks}).
 *
 * @param secret where the client secret is (null for private-key-jwt); read each time it is used
 */
public record OutboundAuth(String tokenUrl, String clientId, Method method, Secret secret, List<String> scopes) {

    /** YAML spelling: client-secret-basic | private-key-jwt */
    public enum Method { CLIENT_SECRET_BASIC, PRIVATE_KEY_JWT }

    /**
     * Where KAP Hub's client secret at the partner is: in the registry file itself ({@code secret}, refused in
     * production), an environment variable ({@code secret-env}) or a file ({@code secret-file}, e.g. a mounted
     * Docker/Kubernetes secret, read at every use so that a rotated secret is used without a restart). No
     * {@code toString} shows a value.
     */
    public sealed interface Secret {

        /** The secret now. @throws IllegalStateException it cannot be read (the variable is unset, the file gone) */
        String value();

        /** Where it is, for problems and logs: never the value. */
        String where();

        record Literal(String text) implements Secret {
            public String value() {
                return text;
            }

            public String where() {
                return "secret";
            }

            @Override
            public String toString() {
                return "Literal[…]";
            }
        }

        record Env(String variable) implements Secret {
            public String value() {
                String value = System.getenv(variable);
                if (value == null || value.isBlank()) {
                    throw new IllegalStateException("environment variable " + variable + " is not set");
                }
                return value.strip();
            }

            public String where() {
                return "secret-env " + variable;
            }
        }

        record File(Path path) implements Secret {
            public String value() {
                try {
                    String value = Files.readString(path).strip(); // a trailing newline is not part of the secret
                    if (value.isEmpty()) {
                        throw new IllegalStateException("secret-file " + path + " is empty");
                    }
                    return value;
                } catch (IOException e) {
                    throw new IllegalStateException("secret-file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")",
                            new UncheckedIOException(e));
                }
            }

            public String where() {
                return "secret-file " + path;
            }
        }
    }

    public OutboundAuth {
        scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
        return "OutboundAuth[" + clientId + " at " + tokenUrl + ", " + method + "]"; // never the secret
    }
}
