package org.kaphub.partners;

import java.util.Optional;

/**
 * A requirement another module places on every {@code outbound-auth} of a registry file (security: no secret written
 * in the file in production). Breaking it refuses the whole file — at start-up and on every reload — with the line.
 */
@FunctionalInterface
public interface OutboundAuthRule {

    /** Why this partner's outbound-auth may not be used (naming no secret), or empty. */
    Optional<String> problem(String partnerId, OutboundAuth auth);
}
