package org.kaphub.ownership;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.partners.Partner;

import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.stream.Collectors;

/**
 * Who is writing, resolved once per request from wherever the request came: an HL7 v2 message's partner
 * ({@link #of(Partner)}, set by the route) or a REST client (set by security/ from the token and its registration).
 * HAPI copies a request's user data into the request of every transaction entry, so one {@link #attachTo} reaches
 * every storage hook. Writes without a writer (the server's own: scoring, start-up, the registry) are not limited here.
 *
 * @param id            for the audit and logs only ({@code partner:<id>} or the OAuth client id)
 * @param organisations the organisations whose patients it may write (ids; empty: no organisation limit)
 * @param patient       the one patient a patient-context client acts for (else null)
 * @param part2         whether it may see (and so refer to) 42 CFR Part 2 labelled records
 * @param partner       the registry partner it writes for (null: an external issuer's unregistered client), so that
 *                      what a partner wrote is not delivered back to it
 */
public record Writer(String id, Set<String> organisations, String patient, boolean part2, String partner) {

    private static final String KEY = Writer.class.getName();
    private static final String ORGANIZATION = "Organization/";

    public Writer {
        // a REST principal's organisations may come as references (Organization/<id>); the registry's are ids
        organisations = organisations.stream().map(o -> o.startsWith(ORGANIZATION) ? o.substring(ORGANIZATION.length()) : o)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** A writer that is no registry partner's. */
    public Writer(String id, Set<String> organisations, String patient, boolean part2) {
        this(id, organisations, patient, part2, null);
    }

    /** An HL7 v2 sender writes for its partner. */
    public static Writer of(Partner partner) {
        return new Writer("partner:" + partner.id(), partner.organizations(), null, partner.part2(), partner.id());
    }

    public static Optional<Writer> of(RequestDetails request) {
        return request == null ? Optional.empty()
                : Optional.ofNullable(request.getUserData().get(KEY)).filter(Writer.class::isInstance).map(Writer.class::cast);
    }

    /** {@code request}, marked as made by this writer. */
    public <R extends RequestDetails> R attachTo(R request) {
        request.getUserData().put(KEY, this);
        return request;
    }

    public boolean organisationLimited() {
        return !organisations.isEmpty();
    }

    /** Limited to some patients: those of its organisations, or its one context patient. */
    public boolean limited() {
        return organisationLimited() || patient != null;
    }

    /** Whether it may write this (stored) patient. */
    boolean mayWrite(Patient stored) {
        if (organisationLimited()) {
            return PatientOwnership.organisation(stored).filter(organisations::contains).isPresent();
        }
        return patient == null || patient.equals(stored.getIdElement().getIdPart());
    }

    /** The organisation a new patient of this writer belongs to: the first of its organisations as the registry lists them. */
    String firstOrganisation() {
        return organisations.iterator().next();
    }
}
