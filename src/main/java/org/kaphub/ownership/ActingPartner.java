package org.kaphub.ownership;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.kaphub.partners.Partner;

import java.util.Optional;

/**
 * The partner a write is made for, carried in HAPI's request details. HAPI copies a request's user data into the
 * request of every transaction entry, so one {@link #set} on the request handed to a transaction reaches every
 * storage hook of that transaction. Writes without it (the server's own, e.g. score Observations) are not limited here.
 */
public final class ActingPartner {

    /** The user-data key of {@link RequestDetails#getUserData()} holding the acting {@link Partner}. */
    public static final String KEY = "org.kaphub.ownership.ActingPartner";

    private ActingPartner() {
    }

    /** {@code request}, marked as made for {@code partner}. */
    public static <R extends RequestDetails> R set(R request, Partner partner) {
        request.getUserData().put(KEY, partner);
        return request;
    }

    static Optional<Partner> of(RequestDetails request) {
        return request == null ? Optional.empty()
                : Optional.ofNullable(request.getUserData().get(KEY)).filter(Partner.class::isInstance).map(Partner.class::cast);
    }
}
