package org.kaphub.delivery.dispatch;

import org.hl7.fhir.r4.model.Resource;
import org.kaphub.partners.Partner;

import java.util.Optional;

/**
 * Whether a partner may have a resource now, asked again just before it is sent (the row was written when it could):
 * the partner is enabled and receives the type, the resource's patient belongs to one of its organisations, and
 * 42 CFR Part 2 data is covered by the partner's Part 2 grant and an active consent naming it. The outbox writer's
 * rule (issue 12, item 1) is the same rule; the two are to be one at merge.
 */
public interface SendEntitlement {

    /**
     * Why {@code partner} may not have {@code resource} (its current version) now, in words without PHI; empty when it
     * may.
     *
     * @param patient {@code Patient/<id>} the resource belongs to, or null for a resource of no patient
     */
    Optional<String> refusal(Partner partner, Resource resource, String patient);
}
