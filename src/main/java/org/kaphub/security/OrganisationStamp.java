package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.entity.BaseHasResource;
import ca.uhn.fhir.jpa.model.entity.BaseTag;
import ca.uhn.fhir.jpa.model.entity.TagTypeEnum;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stamps every record of the Patient compartment with the organisations it belongs to — a Patient its
 * managingOrganization, anything else the organisations of the patients it references (a record without any patient,
 * written by an organisation-limited client: that client's organisations) — so that searches can be narrowed by
 * {@code _tag} instead of by lists of patient ids. Runs on every write: REST, transaction entries and HL7 v2 alike.
 * Also lifts the Part 2 labels of nested content (contained resources, the entries of a stored Bundle) onto the
 * record's own {@code meta.security}.
 * <p>
 * Before storage the tags clients send are dropped and the stamp is computed from what can be resolved; before commit
 * (when references to resources created in the same transaction are resolved, and HAPI has merged the tags of the
 * previous version back in) it is checked again and corrected with HAPI's meta operations. A Patient whose
 * organisations change has every record that references it re-stamped.
 */
@Interceptor
class OrganisationStamp {

    private static final String KNOWN_PATIENTS = OrganisationStamp.class.getName() + ".patients";

    private final DaoRegistry daos;
    private final FhirContext fhir;
    private final Part2Labels labels;

    OrganisationStamp(DaoRegistry daos, FhirContext fhir, Part2Labels labels) {
        this.daos = daos;
        this.fhir = fhir;
        this.labels = labels;
    }

    /** Order 0: after anything that fills in a record's organisation (e.g. a new Patient's default). */
    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = 0)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        forgetPatients(resource, request);
        stamp(resource, request);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = 0)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        forgetPatients(resource, request);
        stamp(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        forgetPatients(resource, request);
        correct(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        forgetPatients(resource, request);
        Set<String> changed = correct(resource, request);
        if (resource instanceof Patient && !changed.equals(OrganisationTags.of(previous))) {
            restampCompartment(resource.getIdElement());
        }
    }

    private void stamp(IBaseResource resource, RequestDetails request) {
        labels.liftNested(resource);
        if (!OrganisationTags.inPatientCompartment(fhir, fhir.getResourceType(resource))) {
            return;
        }
        List<? extends IBaseCoding> tags = resource.getMeta().getTag();
        tags.removeIf(tag -> OrganisationTags.isOrganisationTag(tag.getSystem()));
        for (String organisation : organisations(resource, request)) {
            resource.getMeta().addTag().setSystem(OrganisationTags.SYSTEM).setCode(organisation);
        }
    }

    /**
     * Makes the stored tags equal to what the record's final references say; answers the organisations now stored.
     * Tags of the legacy system (kept by HAPI from the previous version) are replaced by the current one.
     */
    private Set<String> correct(IBaseResource resource, RequestDetails request) {
        String type = fhir.getResourceType(resource);
        if (!OrganisationTags.inPatientCompartment(fhir, type)) {
            return Set.of();
        }
        Set<String> wanted = organisations(resource, request);
        Set<String> legacy = OrganisationTags.legacyOf(resource);
        Set<String> stored = OrganisationTags.current(resource);
        if (!wanted.equals(stored) || !legacy.isEmpty()) {
            fix(type, resource.getIdElement(), stored, legacy, wanted);
            resource.getMeta().getTag().removeIf(tag -> OrganisationTags.isOrganisationTag(tag.getSystem()));
            wanted.forEach(org -> resource.getMeta().addTag().setSystem(OrganisationTags.SYSTEM).setCode(org));
        }
        return wanted;
    }

    private void fix(String type, IIdType id, Set<String> stored, Set<String> legacy, Set<String> wanted) {
        IFhirResourceDao<?> dao = daos.getResourceDao(type);
        IIdType versionless = new IdType(type, id.getIdPart());
        Meta add = new Meta();
        wanted.stream().filter(org -> !stored.contains(org)).forEach(org -> add.addTag(OrganisationTags.SYSTEM, org, null));
        Meta remove = new Meta();
        stored.stream().filter(org -> !wanted.contains(org)).forEach(org -> remove.addTag(OrganisationTags.SYSTEM, org, null));
        legacy.forEach(org -> remove.addTag(KapCanonicals.LEGACY_ORGANIZATION_TAG, org, null));
        if (!add.getTag().isEmpty()) {
            dao.metaAddOperation(versionless, add, new SystemRequestDetails());
        }
        if (!remove.getTag().isEmpty()) {
            dao.metaDeleteOperation(versionless, remove, new SystemRequestDetails());
        }
    }

    /**
     * Every record referencing a Patient whose organisations changed gets the new stamp. Bounded by HAPI's include
     * limit per request ({@code JpaStorageSettings#getMaximumIncludesToLoadPerPage}, 1000 by default).
     */
    private void restampCompartment(IIdType patient) {
        SearchParameterMap map = SearchParameterMap.newSynchronous();
        map.add("_id", new TokenParam(patient.getIdPart()));
        map.addRevInclude(new Include("*"));
        List<IBaseResource> found = daos.getResourceDao(Patient.class).search(map, new SystemRequestDetails()).getAllResources();
        for (IBaseResource resource : found) {
            if (!(resource instanceof Patient)) {
                correct(resource, new SystemRequestDetails());
            }
        }
    }

    /** The organisations a record belongs to, from its references as far as they can be resolved now. */
    Set<String> organisations(IBaseResource resource, RequestDetails request) {
        Set<String> organisations = new TreeSet<>();
        if (resource instanceof Patient patient) {
            IIdType organisation = patient.getManagingOrganization().getReferenceElement();
            if (organisation.hasIdPart() && !organisation.getValue().startsWith("urn:")) {
                organisations.add(organisation.getIdPart());
            }
            return organisations;
        }
        List<IIdType> owners = fhir.newTerser().getCompartmentOwnersForResource("Patient", resource, (Set<String>) null);
        boolean unresolved = false;
        for (IIdType owner : owners) {
            if (owner.getValue() != null && owner.getValue().startsWith("urn:")) {
                unresolved = true; // another entry of this transaction: known before commit (correct())
            } else if ("Patient".equals(owner.getResourceType()) && owner.hasIdPart()) {
                organisations.addAll(organisationsOfPatient(owner.getIdPart(), request));
            }
        }
        Visibility writer = Visibility.of(request);
        if ((owners.isEmpty() || unresolved) && writer != null && writer.organisationLimited()) {
            // what an organisation-limited client creates is its own; a patient it refers to by urn:uuid is one of its
            // organisations' (ownership/OrganisationWrites), so until commit the record is stamped with them, not with none —
            // unstamped, the writer's own transaction would no longer see the record it is creating
            organisations.addAll(writer.organisations());
        }
        return organisations;
    }

    /**
     * The organisations of a stored Patient, read once per request: a transaction of one patient's records asked for
     * them twice per entry (bench/delivery/RESULTS.md run 4). Only a Patient written in the same request changes them.
     */
    @SuppressWarnings("unchecked")
    private Set<String> organisationsOfPatient(String patientId, RequestDetails request) {
        if (request == null) {
            return readOrganisationsOfPatient(patientId);
        }
        Map<String, Set<String>> known = (Map<String, Set<String>>) request.getUserData()
                .computeIfAbsent(KNOWN_PATIENTS, key -> new HashMap<String, Set<String>>());
        return known.computeIfAbsent(patientId, this::readOrganisationsOfPatient);
    }

    private static void forgetPatients(IBaseResource resource, RequestDetails request) {
        if (resource instanceof Patient && request != null) {
            request.getUserData().remove(KNOWN_PATIENTS);
        }
    }

    private Set<String> readOrganisationsOfPatient(String patientId) {
        Set<String> organisations = new TreeSet<>();
        try {
            for (BaseTag tag : ((BaseHasResource<?>) daos.getResourceDao(Patient.class)
                    .readEntity(new IdType("Patient", patientId), new SystemRequestDetails())).getTags()) {
                if (tag.getTag().getTagType() == TagTypeEnum.TAG && OrganisationTags.isOrganisationTag(tag.getTag().getSystem())) {
                    organisations.add(tag.getTag().getCode());
                }
            }
        } catch (ResourceNotFoundException unknown) {
            // a reference to nothing is refused by referential integrity; nothing to stamp from here
        }
        return Set.copyOf(organisations);
    }
}
