package org.kaphub.ownership;

import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.ownership.PartnerWriteRefused.Reason;
import org.kaphub.partners.Partner;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rules, without storage: a patient belongs to the organisation named by its {@code managingOrganization}; an
 * organisation-limited partner writes only patients of its organisations, and what it creates belongs to one of them.
 * For every partner a new version without {@code managingOrganization} keeps the stored one: HL7 v2 ADT carries no
 * managing organisation, and an A08 used to drop it (the patient's own clinic then lost sight of it).
 */
final class PatientOwnership {

    private static final String ORGANIZATION = "Organization";

    private PatientOwnership() {
    }

    /**
     * The organisation a patient is managed by: the id of a relative {@code Organization/<id>} reference; any other
     * reference (absolute, contained, another type) as written, which matches no partner's organisation id.
     */
    static Optional<String> organisation(Patient patient) {
        if (patient == null || !patient.hasManagingOrganization()) {
            return Optional.empty();
        }
        Reference reference = patient.getManagingOrganization();
        IIdType id = reference.getReferenceElement();
        if (!id.hasIdPart()) {
            return Optional.ofNullable(reference.getReference()); // identifier-only: none; "#x": itself
        }
        if (id.isAbsolute() || id.isLocal() || !ORGANIZATION.equals(id.getResourceType())) {
            return Optional.of(id.getValue());
        }
        return Optional.of(id.getIdPart());
    }

    /** Whether {@code partner} may write a patient managed by {@code organisation}. */
    static boolean writable(Partner partner, Optional<String> organisation) {
        return !partner.organisationLimited() || organisation.filter(organisations(partner)::contains).isPresent();
    }

    /** A Patient created for {@code partner}: gets the partner's first organisation, or must name one of them. */
    static void created(Partner partner, Patient patient) {
        if (!partner.organisationLimited()) {
            return;
        }
        if (!patient.hasManagingOrganization() || organisation(patient).isEmpty()) {
            patient.setManagingOrganization(new Reference(ORGANIZATION + "/" + first(partner)));
        } else if (!writable(partner, organisation(patient))) {
            throw new PartnerWriteRefused(Reason.ORGANISATION_NOT_PARTNERS);
        }
    }

    /** A stored Patient replaced (update, patch) by {@code next} for {@code partner}; {@code next} may be completed. */
    static void updated(Partner partner, Patient stored, Patient next) {
        // First whether the stored patient may be written at all, before anything about the new version.
        if (!writable(partner, organisation(stored))) {
            throw new PartnerWriteRefused(Reason.PATIENT_NOT_WRITABLE);
        }
        if (!next.hasManagingOrganization() && stored.hasManagingOrganization()) {
            next.setManagingOrganization(stored.getManagingOrganization().copy());
        }
        if (!writable(partner, organisation(next))) {
            throw new PartnerWriteRefused(Reason.ORGANISATION_NOT_PARTNERS);
        }
    }

    static void deleted(Partner partner, Patient stored) {
        if (!writable(partner, organisation(stored))) {
            throw new PartnerWriteRefused(Reason.PATIENT_NOT_WRITABLE);
        }
    }

    /**
     * The organisation a new patient of {@code partner} belongs to: its first organisation in alphabetical order
     * (the registry keeps the organisations as a set, not in file order).
     */
    static String first(Partner partner) {
        return organisations(partner).stream().sorted().findFirst().orElseThrow();
    }

    /** The partner's organisation ids; the registry file may write them as ids or as Organization/ids. */
    private static Set<String> organisations(Partner partner) {
        return partner.organizations().stream()
                .map(id -> id.startsWith(ORGANIZATION + "/") ? id.substring(ORGANIZATION.length() + 1) : id)
                .collect(Collectors.toSet());
    }
}
