package org.kaphub.delivery.entitlement;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.partners.Partner;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.Set;

/**
 * Whether a patient's written consent lets KAP Hub disclose their 42 CFR Part 2 records to a partner: an active
 * Consent of the KAP Part 2 Consent profile ({@code policyRule} v3-ActCode {@code 42CFRPart2}) for that patient whose
 * one provision permits, is in force at the time asked about ({@code provision.period}; a date-only end includes
 * that day), and names the partner as recipient: an actor of role {@code IRCP} (information recipient) whose
 * reference is {@code Organization/<one of the partner's organisations>} or carries the identifier
 * {@link #PARTNER_SYSTEM}{@code |<partner id>}. A revoked consent is one no longer {@code active} (inactive,
 * rejected, entered-in-error). Not evaluated: nested provisions, purpose, action, data and security-label limits —
 * a consent that permits and names the recipient covers every Part 2 record of the patient.
 */
@Component
public class Part2Consents {

    /** Identifier system of a registry partner's id, for a Consent actor naming a partner that has no organisation. */
    public static final String PARTNER_SYSTEM = KapCanonicals.PARTNER_SID;

    // each under its URL and its OID: senders use both spellings (as for the Part 2 labels)
    private static final Set<String> ACT_CODE = Set.of(CodeSystems.V3_ACT_CODE, CodeSystems.V3_ACT_CODE_OID);
    private static final Set<String> PARTICIPATION_TYPE = Set.of(CodeSystems.V3_PARTICIPATION_TYPE,
            CodeSystems.V3_PARTICIPATION_TYPE_OID);
    private static final String ORGANIZATION = "Organization/";

    private final DaoRegistry daos;

    Part2Consents(DaoRegistry daos) {
        this.daos = daos;
    }

    /** Whether a stored consent of patient {@code patientId} (logical id) covers disclosure to {@code partner} at {@code at}. */
    public boolean covers(Partner partner, String patientId, Instant at) {
        SearchParameterMap active = SearchParameterMap.newSynchronous()
                .add(Consent.SP_PATIENT, new ReferenceParam("Patient/" + patientId))
                .add(Consent.SP_STATUS, new TokenParam(Consent.ConsentState.ACTIVE.toCode()));
        // a system request: the consent decides for the server, not for a client's visibility
        for (IBaseResource found : daos.getResourceDao(Consent.class).search(active, new SystemRequestDetails()).getAllResources()) {
            if (found instanceof Consent consent && covers(consent, partner, at)) {
                return true;
            }
        }
        return false;
    }

    static boolean covers(Consent consent, Partner partner, Instant at) {
        Consent.ProvisionComponent provision = consent.getProvision();
        return consent.getStatus() == Consent.ConsentState.ACTIVE
                && part2Policy(consent.getPolicyRule())
                && provision.getType() == Consent.ConsentProvisionType.PERMIT
                && inForce(provision.getPeriod(), at)
                && provision.getActor().stream().anyMatch(actor -> recipient(actor.getRole()) && names(actor.getReference(), partner));
    }

    private static boolean part2Policy(CodeableConcept rule) {
        return rule.getCoding().stream().anyMatch(c -> ACT_CODE.contains(c.getSystem()) && "42CFRPart2".equals(c.getCode()));
    }

    private static boolean recipient(CodeableConcept role) {
        return role.getCoding().stream().anyMatch(c -> PARTICIPATION_TYPE.contains(c.getSystem()) && "IRCP".equals(c.getCode()));
    }

    private static boolean names(Reference reference, Partner partner) {
        String literal = reference.getReference();
        if (literal != null && literal.startsWith(ORGANIZATION)
                && partner.organizations().contains(literal.substring(ORGANIZATION.length()))) {
            return true;
        }
        return reference.hasIdentifier() && PARTNER_SYSTEM.equals(reference.getIdentifier().getSystem())
                && partner.id().equals(reference.getIdentifier().getValue());
    }

    /** Start inclusive; end inclusive at its own precision ({@code 2026-01-06}: the whole day). No period: no limit. */
    private static boolean inForce(Period period, Instant at) {
        Date when = Date.from(at);
        if (period.hasStart() && period.getStart().after(when)) {
            return false;
        }
        if (period.hasEnd()) {
            DateTimeType end = period.getEndElement();
            return when.before(end.getPrecision().add(end.getValue(), 1));
        }
        return true;
    }
}
