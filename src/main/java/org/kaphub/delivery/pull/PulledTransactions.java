package org.kaphub.delivery.pull;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.partners.Partner;
import org.kaphub.vocabulary.CodeSystems;
import org.kaphub.vocabulary.KapCanonicals;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A record pulled from a partner → the FHIR transaction that stores it on KAP Hub (README "Pull from prescribing
 * platforms"):
 * <ul>
 *   <li>the record: conditional update on its first business identifier ({@code PUT <type>?identifier=s|v}), so a
 *   re-read updates instead of duplicating; the partner's id, versionId, lastUpdated and tags are dropped, profiles and
 *   security labels (42 CFR Part 2) kept, {@code meta.source} = its version at the partner;</li>
 *   <li>every Patient it refers to (read from the partner): conditional create on all its identifiers
 *   ({@code identifier=s1|v1,s2|v2}), so a patient KAP Hub already holds — from its clinic — is kept as it is and the
 *   record refers to it; a new one belongs to the partner's first organisation (ownership/), not to the organisation
 *   the partner names;</li>
 *   <li>any other reference (Practitioner, Condition, CarePlan, …) becomes a logical one: its type, its display, and
 *   the identifier it carried, else {@code <endpoint>/<type>|<id>}, the record's id at the partner;</li>
 *   <li>a Provenance: target the record, agent the partner (its first Organization and identifier
 *   {@link KapCanonicals#PARTNER_SID}|id), entity the source URL.</li>
 * </ul>
 * A record without id or business identifier, or referring to a Patient the partner does not have or that has no
 * identifier, is refused (not stored, audited; see {@link PullStore}).
 */
final class PulledTransactions {

    private static final String PATIENT = "Patient";

    /** The Patients of the partner a pulled page refers to: empty when the partner does not have it (404, 410). */
    interface PartnerPatients {
        Optional<Patient> find(String id);
    }

    private final FhirContext context;

    PulledTransactions(FhirContext context) {
        this.context = context;
    }

    PulledRecord map(Partner partner, Resource pulled, PartnerPatients patients) {
        String type = pulled.fhirType();
        String base = base(partner.endpoint());
        Instant lastUpdated = pulled.getMeta().hasLastUpdated() ? pulled.getMeta().getLastUpdated().toInstant() : null;
        String id = pulled.getIdElement().getIdPart();
        if (id == null) {
            return PulledRecord.refused(type, base + "/" + type, lastUpdated, "the partner sent a record without an id");
        }
        String source = sourceUrl(base, type, id, pulled.getMeta());
        Optional<Identifier> key = pulled.getNamedProperty("identifier") == null ? Optional.empty()
                : pulled.getNamedProperty("identifier").getValues().stream().map(Identifier.class::cast)
                .filter(i -> i.hasSystem() && i.hasValue()).findFirst();
        if (key.isEmpty()) {
            return PulledRecord.refused(type, source, lastUpdated, "no business identifier (identifier with system and value)");
        }
        Entries entries = new Entries(base, patients);
        try {
            Resource record = forStorage(pulled, source);
            entries.relink(record, true);
            entries.bundle.addEntry().setFullUrl(entries.urn(type, id)).setResource(record).getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT).setUrl(type + "?identifier=" + token(key.get()));
            entries.bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(provenance(partner, entries.urn(type, id), source))
                    .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
        } catch (Unusable e) {
            return PulledRecord.refused(type, source, lastUpdated, e.getMessage());
        }
        return new PulledRecord(type, source, lastUpdated, key.get(), entries.bundle, null);
    }

    /** The transaction being built: one entry per partner Patient, references rewritten. */
    private final class Entries {
        final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        private final Map<String, String> urns = new HashMap<>();
        private final String base;
        private final PartnerPatients patients;

        Entries(String base, PartnerPatients patients) {
            this.base = base;
            this.patients = patients;
        }

        String urn(String type, String id) {
            return urns.computeIfAbsent(type + "/" + id, k -> "urn:uuid:" + UUID.randomUUID());
        }

        /** Patient references → entries of the transaction (when {@code patientsToo}); all others → logical. */
        void relink(Resource resource, boolean patientsToo) {
            for (ResourceReferenceInfo info : context.newTerser().getAllResourceReferences(resource)) {
                if (!(info.getResourceReference() instanceof Reference reference) || !reference.hasReference()) {
                    continue;
                }
                IIdType target = reference.getReferenceElement();
                String value = reference.getReference();
                if (value.startsWith("#") || value.startsWith("urn:")) {
                    continue; // contained, or already an entry of this transaction
                }
                boolean ours = !target.isAbsolute() || base.equals(base(target.getBaseUrl()));
                if (!target.hasResourceType() || !target.hasIdPart()) {
                    throw new Unusable("a reference is neither <type>/<id> nor a URL of one");
                }
                if (patientsToo && ours && PATIENT.equals(target.getResourceType())) {
                    reference.setReference(patient(target.getIdPart()));
                } else {
                    logical(reference, target, ours ? base : base(target.getBaseUrl()));
                }
            }
        }

        private String patient(String id) {
            String key = PATIENT + "/" + id;
            if (urns.containsKey(key)) {
                return urns.get(key);
            }
            Patient found = patients.find(id).orElseThrow(() -> new Unusable("refers to a Patient the partner does not have"));
            List<Identifier> identifiers = found.getIdentifier().stream().filter(i -> i.hasSystem() && i.hasValue()).toList();
            if (identifiers.isEmpty()) {
                throw new Unusable("refers to a Patient without identifier (system and value)");
            }
            Patient patient = (Patient) forStorage(found, sourceUrl(base, PATIENT, id, found.getMeta()));
            patient.setManagingOrganization(null); // KAP Hub's organisations, not the partner's: ownership/ sets it
            relink(patient, false);
            String urn = urn(PATIENT, id);
            bundle.addEntry().setFullUrl(urn).setResource(patient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(PATIENT)
                    .setIfNoneExist("identifier=" + identifiers.stream().map(PulledTransactions::token).collect(Collectors.joining(",")));
            return urn;
        }
    }

    private static void logical(Reference reference, IIdType target, String base) {
        reference.setReference(null);
        reference.setType(target.getResourceType());
        if (!reference.hasIdentifier()) {
            reference.setIdentifier(new Identifier().setSystem(base + "/" + target.getResourceType()).setValue(target.getIdPart()));
        }
    }

    /** A copy without the partner's server data: id, version, lastUpdated, tags; profiles and security labels stay. */
    private static Resource forStorage(Resource pulled, String source) {
        Resource copy = pulled.copy();
        copy.setId((String) null);
        Meta meta = new Meta().setSource(source);
        meta.setProfile(pulled.getMeta().getProfile());
        meta.setSecurity(pulled.getMeta().getSecurity());
        copy.setMeta(meta);
        return copy;
    }

    private static Provenance provenance(Partner partner, String target, String source) {
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference(target));
        provenance.setRecorded(new Date());
        Reference who = new Reference().setIdentifier(new Identifier().setSystem(KapCanonicals.PARTNER_SID).setValue(partner.id()))
                .setDisplay(partner.name());
        if (partner.organisationLimited()) {
            who.setReference("Organization/" + partner.organizations().iterator().next());
        }
        provenance.addAgent().setType(new CodeableConcept(new Coding(CodeSystems.PROVENANCE_PARTICIPANT_TYPE, "author", "Author"))).setWho(who);
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem(CodeSystems.URI).setValue(source))
                        .setDisplay("pulled from partner " + partner.id()));
        return provenance;
    }

    /** The version at the partner; a partner without versionIds: its lastUpdated stands for the version. */
    static String sourceUrl(String base, String type, String id, Meta meta) {
        String version = meta.hasVersionId() ? meta.getVersionId()
                : meta.hasLastUpdated() ? Long.toString(meta.getLastUpdated().getTime()) : "unversioned";
        return base + "/" + type + "/" + id + "/_history/" + version;
    }

    /** A FHIR base without a trailing slash. */
    static String base(String endpoint) {
        return endpoint == null ? "" : endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    }

    /** {@code system|value}, escaped as a search token and for a URL. */
    private static String token(Identifier identifier) {
        return UrlUtil.escapeUrlParam(ParameterUtil.escape(identifier.getSystem())) + "|"
                + UrlUtil.escapeUrlParam(ParameterUtil.escape(identifier.getValue()));
    }

    /** A record that cannot be stored as it is. */
    private static final class Unusable extends RuntimeException {
        Unusable(String why) {
            super(why, null, false, false);
        }
    }
}
