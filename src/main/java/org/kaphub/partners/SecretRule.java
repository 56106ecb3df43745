package org.kaphub.partners;

import java.util.Optional;

/**
 * A requirement another module places on every secret a registry file names — an {@code outbound-auth} secret, an
 * {@code hl7v2-out} TLS store password (security: none written in the file in production). Breaking it refuses the
 * whole file — at start-up and on every reload — with the line.
 */
@FunctionalInterface
public interface SecretRule {

    /**
     * Why this secret may not be used (naming no value), or empty.
     *
     * @param key the registry key it was given by, without its -env / -file ending: {@code secret},
     *            {@code truststore-password}, {@code keystore-password}
     */
    Optional<String> problem(String partnerId, String key, OutboundAuth.Secret secret);
}
