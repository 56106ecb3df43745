package org.kaphub.delivery.entitlement;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.hl7v2.building.message.MessageBuilders;
import org.kaphub.ownership.SensitiveRecords;
import org.kaphub.partners.Partner;
import org.kaphub.partners.PartnerRegistry;
import org.kaphub.security.RecordOrganisations;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Who receives a record (README "Delivery to partners — who receives what"), one rule asked when the record is written
 * (outbox rows) and again when it is sent (the dispatcher): the partner is enabled and receives records (a
 * {@code protocol} and an {@code endpoint}), its {@code receives} names the record's type — over HL7 v2 only records
 * one of KAP Hub's builders makes a message of ({@link MessageBuilders}) — the record's patient
 * belongs to one of its organisations (none listed: no such limit), and a 42 CFR Part 2 labelled record goes only to a
 * partner with {@code part2: true} named by an active Part 2 consent of the patient ({@link Part2Consents}).
 * Whether records of this kind travel at all is {@link DeliveredRecord#delivered}; not sending a partner's own writes
 * back to it is the outbox's concern.
 */
@Component
public class Entitlement {

    private final FhirContext fhir;
    private final SensitiveRecords labels;
    private final Part2Consents consents;
    private final PartnerRegistry registry;
    private final MessageBuilders builders = MessageBuilders.standard();

    Entitlement(FhirContext fhir, SensitiveRecords labels, Part2Consents consents, PartnerRegistry registry) {
        this.fhir = fhir;
        this.labels = labels;
        this.consents = consents;
        this.registry = registry;
    }

    /** The record as the rule sees it: read once, asked about for every partner. */
    public DeliveredRecord describe(IBaseResource resource) {
        return new DeliveredRecord(resource.fhirType(), resource.getIdElement().getIdPart(),
                DeliveredRecord.patientOf(fhir, resource).orElse(null), RecordOrganisations.of(resource),
                labels.labelled(resource), resource instanceof Resource r && builders.find(r).isPresent());
    }

    /** At send time: the partner as the registry has it now (removed or disabled: {@link Verdict#PARTNER_UNKNOWN}). */
    public Verdict verdict(String partnerId, IBaseResource resource, Instant at) {
        return registry.byId(partnerId).map(partner -> verdict(partner, describe(resource), at)).orElse(Verdict.PARTNER_UNKNOWN);
    }

    public Verdict verdict(Partner partner, DeliveredRecord record, Instant at) {
        Verdict verdict = withoutConsent(partner, record);
        if (verdict.entitled() && record.part2() && (record.patient() == null || !consents.covers(partner, record.patientId(), at))) {
            return Verdict.NO_PART2_CONSENT; // no patient, no consent: Part 2 data of nobody in particular stays here
        }
        return verdict;
    }

    /** Everything but the consent, which needs the database: the registry's word alone. */
    static Verdict withoutConsent(Partner partner, DeliveredRecord record) {
        if (!partner.enabled()) {
            return Verdict.PARTNER_UNKNOWN;
        }
        if (!partner.receivesRecords()) {
            return Verdict.NOT_RECEIVING;
        }
        if (!partner.receives().contains(record.type())) {
            return Verdict.TYPE_NOT_RECEIVED;
        }
        if (partner.protocol() == Partner.Protocol.HL7V2_MLLP && !record.hl7v2()) {
            return Verdict.NO_HL7V2_MESSAGE;
        }
        if (partner.organisationLimited() && partner.organizations().stream().noneMatch(record.organisations()::contains)) {
            return Verdict.OTHER_ORGANISATION;
        }
        if (record.part2() && !partner.part2()) {
            return Verdict.PART2_NOT_GRANTED;
        }
        return Verdict.ENTITLED;
    }
}
