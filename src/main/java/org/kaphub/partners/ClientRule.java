package org.kaphub.partners;

import java.util.Optional;

/**
 * A requirement another module places on every client of a registry file (security: hashed secrets in production).
 * A client breaking it refuses the whole file — at start-up and on every reload — with the client's line.
 */
@FunctionalInterface
public interface ClientRule {

    /** Why this client may not be registered (naming no secret), or empty. */
    Optional<String> problem(Partner partner, PartnerClient client);
}
