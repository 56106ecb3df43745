package org.kaphub.delivery.channel;

import org.hl7.fhir.r4.model.Resource;

/**
 * One resource as the partner is to have it: {@code current} its current version on KAP Hub, or — when it has been
 * deleted since — null, and {@code lastLive} its last version before the deletion (which names it at the partner).
 */
public record Outgoing(Resource current, Resource lastLive) {

    public static Outgoing live(Resource current) {
        return new Outgoing(current, current);
    }

    public static Outgoing deleted(Resource lastLive) {
        return new Outgoing(null, lastLive);
    }

    public boolean isDeleted() {
        return current == null;
    }

    /** {@code Type/id/_history/n} of the version the partner is to have (a deletion: the version it made). */
    public String versionedReference() {
        if (current != null) {
            return current.getIdElement().toUnqualified().getValue();
        }
        return reference() + "/_history/" + (lastLive.getIdElement().getVersionIdPartAsLong() + 1);
    }

    /** {@code Type/id}, as other resources refer to it. */
    public String reference() {
        return lastLive.getIdElement().toUnqualifiedVersionless().getValue();
    }
}
