package org.kaphub.delivery.dispatch;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.ownership.SensitiveRecords;
import org.kaphub.partners.Partner;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * The send-time rule, from the registry and the stored data (README "Delivery to partners"). A consent names a
 * partner as recipient in {@code Consent.provision.actor} with role {@code IRCP} (v3 ParticipationType, information
 * recipient), by reference to {@code Organization/<one of the partner's organisations>} or by
 * {@code Reference.identifier} {@value #PARTNER_SYSTEM}{@code |<partner id>}; it covers when it is active, of the KAP
 * Part 2 Consent profile (or policyRule 42CFRPart2), its provision is a permit and its period includes now.
 */
@Component
class RegistryEntitlement implements SendEntitlement {

    static final String PARTNER_SYSTEM = "https://fhir.kaphub.org/sid/partner";
    static final String PART2_CONSENT_PROFILE = "https://fhir.kaphub.org/StructureDefinition/kap-part2-consent";
    private static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final Set<String> ORGANISATION_TAGS = Set.of("https://fhir.kaphub.org/CodeSystem/organization",
            "https://kaphub.org/fhir/CodeSystem/organization");

    private final DaoRegistry daos;
    private final SensitiveRecords sensitive;

    RegistryEntitlement(DaoRegistry daos, SensitiveRecords sensitive) {
        this.daos = daos;
        this.sensitive = sensitive;
    }

    @Override
    public Optional<String> refusal(Partner partner, Resource resource, String patient) {
        if (!partner.enabled() || partner.protocol() != Partner.Protocol.FHIR_REST || partner.endpoint() == null) {
            return Optional.of("partner does not receive over FHIR (disabled, or no fhir-rest endpoint)");
        }
        if (!partner.receives().contains(resource.fhirType())) {
            return Optional.of("partner no longer receives " + resource.fhirType());
        }
        if (partner.organisationLimited() && !ofPartnersOrganisations(partner, resource)) {
            return Optional.of("the patient is not of the partner's organisations");
        }
        if (sensitive.labelled(resource)) {
            if (!partner.part2()) {
                return Optional.of("42 CFR Part 2 data; the partner has no Part 2 grant");
            }
            if (patient == null || !consented(partner, patient)) {
                return Optional.of("42 CFR Part 2 data; no active consent names the partner as recipient");
            }
        }
        return Optional.empty();
    }

    private static boolean ofPartnersOrganisations(Partner partner, Resource resource) {
        boolean tagged = resource.getMeta().getTag().stream()
                .anyMatch(tag -> ORGANISATION_TAGS.contains(tag.getSystem()) && partner.organizations().contains(tag.getCode()));
        boolean managed = resource instanceof Patient p && p.getManagingOrganization().getReferenceElement().hasIdPart()
                && partner.organizations().contains(p.getManagingOrganization().getReferenceElement().getIdPart());
        return tagged || managed;
    }

    private boolean consented(Partner partner, String patient) {
        SearchParameterMap active = SearchParameterMap.newSynchronous()
                .add(Consent.SP_PATIENT, new ReferenceParam(patient))
                .add(Consent.SP_STATUS, new TokenParam("active"));
        Date now = new Date();
        for (IBaseResource found : daos.getResourceDao("Consent").search(active, new SystemRequestDetails()).getAllResources()) {
            Consent consent = (Consent) found;
            boolean part2 = consent.getMeta().getProfile().stream().map(CanonicalType::getValue).anyMatch(PART2_CONSENT_PROFILE::equals)
                    || consent.getPolicyRule().hasCoding(ACT_CODE, "42CFRPart2");
            Consent.ProvisionComponent provision = consent.getProvision();
            boolean permits = provision.getType() == Consent.ConsentProvisionType.PERMIT;
            boolean current = !provision.hasPeriod() || ((provision.getPeriod().getStart() == null
                    || !provision.getPeriod().getStart().after(now)) && (provision.getPeriod().getEnd() == null
                    || provision.getPeriod().getEnd().after(now)));
            if (part2 && permits && current && provision.getActor().stream().anyMatch(actor -> recipient(actor.getRole())
                    && names(partner, actor.getReference()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean recipient(CodeableConcept role) {
        return role.hasCoding(PARTICIPATION_TYPE, "IRCP");
    }

    private static boolean names(Partner partner, org.hl7.fhir.r4.model.Reference reference) {
        if (reference.hasIdentifier()) {
            return PARTNER_SYSTEM.equals(reference.getIdentifier().getSystem())
                    && partner.id().equals(reference.getIdentifier().getValue());
        }
        var id = reference.getReferenceElement();
        return "Organization".equals(id.getResourceType()) && partner.organizations().contains(id.getIdPart());
    }
}
