package org.kaphub.ownership;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.ownership.PartnerWriteRefused.Reason;
import org.kaphub.partners.PartnerRegistry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Supplier;

/**
 * The one write rule for every path — REST requests, transaction and batch entries, conditional writes, HL7 v2
 * messages — on HAPI's storage pointcuts, for the request's {@link Writer}; a refusal rolls the whole transaction back
 * ({@link PartnerWriteRefused}: REST 403, HL7 v2 AE).
 * <ul>
 *   <li>A Patient ({@link PatientOwnership}): a new one without {@code managingOrganization} gets the writer's first
 *   organisation, one naming another is refused; an update keeps the stored organisation when the new version has
 *   none (every writer), and a limited writer writes only its own patients and cannot move one out.</li>
 *   <li>Every reference a limited writer's record carries (new version, and before an update or delete the stored
 *   one) points at a patient it may write or at a record of such patients; an absent target counts as outside, and a
 *   Part 2 labelled one without the grant, so the answer tells nothing about either. References to other entries
 *   ({@code urn:uuid:}) are checked again before commit, once HAPI has resolved them.</li>
 *   <li>Shared records: an Organization the partner registry names changes only with the registry file (no API
 *   writer updates or deletes it); a writer limited to some patients creates shared records (Organization,
 *   Practitioner, Location, Medication, …: outside the Patient compartment) but does not change or delete existing
 *   ones, which belong to no organisation its limit could scope.</li>
 * </ul>
 * Registered on HAPI's JPA interceptor service, so writes without a REST request (HL7 v2) pass it too.
 */
@Interceptor
public class OrganisationWrites {

    /** Before the organisation stamp (order 0), which must see a new patient's organisation, or the one kept. */
    private static final int BEFORE_THE_STAMP = -10;
    /** After the visibility rule (order 0), which answers a hidden stored record as an absent one (REST 404). */
    private static final int AFTER_VISIBILITY = 10;
    private static final String INSIDE = OrganisationWrites.class.getName() + ".inside";
    private static final String PATIENT = "Patient";

    private final FhirContext fhir;
    private final DaoRegistry daos;
    private final SensitiveRecords labels;
    private final PartnerRegistry registry;

    OrganisationWrites(FhirContext fhir, DaoRegistry daos, SensitiveRecords labels, PartnerRegistry registry) {
        this.fhir = fhir;
        this.daos = daos;
        this.labels = labels;
        this.registry = registry;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_THE_STAMP)
    public void defaultOrganisation(IBaseResource resource, RequestDetails request) {
        Writer.of(request).ifPresent(writer -> {
            if (resource instanceof Patient patient) {
                PatientOwnership.created(writer, patient);
            }
        });
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_THE_STAMP)
    public void keepOrganisation(IBaseResource stored, IBaseResource next, RequestDetails request) {
        if (Writer.of(request).isPresent() && stored instanceof Patient before && next instanceof Patient after) {
            PatientOwnership.keepOrganisation(before, after);
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = AFTER_VISIBILITY)
    public void creating(IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        limited(request).ifPresent(writer -> requireInside(writer, resource, transaction));
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = AFTER_VISIBILITY)
    public void updating(IBaseResource stored, IBaseResource next, RequestDetails request, TransactionDetails transaction) {
        Writer.of(request).ifPresent(writer -> {
            requireChangeable(writer, stored);
            if (!writer.limited()) {
                return;
            }
            if (stored instanceof Patient before && next instanceof Patient after) {
                PatientOwnership.updated(writer, before, after);
            } else {
                requireInside(writer, stored, transaction);
            }
            requireInside(writer, next, transaction);
        });
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = AFTER_VISIBILITY)
    public void deleting(IBaseResource stored, RequestDetails request, TransactionDetails transaction) {
        Writer.of(request).ifPresent(writer -> {
            requireChangeable(writer, stored);
            if (writer.limited() && stored instanceof Patient before) {
                PatientOwnership.deleted(writer, before);
            } else if (writer.limited()) {
                requireInside(writer, stored, transaction);
            }
        });
    }

    /** In a transaction, after HAPI replaced {@code urn:uuid:} references with the ids of the entries. */
    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        limited(request).ifPresent(writer -> requireInside(writer, resource, transaction));
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource stored, IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        limited(request).ifPresent(writer -> requireInside(writer, resource, transaction));
    }

    /**
     * What {@code $validate} with {@code mode=create|update} checks: {@code candidate} (a copy) as it would be stored.
     * Refuses with {@link PartnerWriteRefused}.
     */
    public void checkCandidate(RequestDetails request, IBaseResource candidate) {
        limited(request).ifPresent(writer -> {
            if (candidate instanceof Patient patient) {
                PatientOwnership.created(writer, patient);
            }
            requireInside(writer, candidate, new TransactionDetails());
        });
    }

    private static Optional<Writer> limited(RequestDetails request) {
        return Writer.of(request).filter(Writer::limited);
    }

    /** Shared records: the registry's Organizations for nobody; others not for a writer limited to some patients. */
    private void requireChangeable(Writer writer, IBaseResource stored) {
        String type = fhir.getResourceType(stored);
        if ("Organization".equals(type) && registryOrganisations().contains(stored.getIdElement().getIdPart())) {
            throw new PartnerWriteRefused(Reason.REGISTRY_ORGANIZATION);
        }
        if (writer.limited() && !patientData(type)) {
            throw new PartnerWriteRefused(Reason.SHARED_RECORD);
        }
    }

    private Set<String> registryOrganisations() {
        return registry.all().stream().flatMap(partner -> partner.organizations().stream()).collect(Collectors.toSet());
    }

    /** Every patient (or record of patients) {@code resource} refers to is one {@code writer} may write. */
    private void requireInside(Writer writer, IBaseResource resource, TransactionDetails transaction) {
        Map<String, Boolean> known = transaction.getOrCreateUserData(INSIDE, HashMap::new);
        String self = fhir.getResourceType(resource) + "/" + resource.getIdElement().getIdPart();
        for (ResourceReferenceInfo info : fhir.newTerser().getAllResourceReferences(resource)) {
            IIdType target = info.getResourceReference().getReferenceElement();
            String value = target.getValue();
            if (value == null || value.startsWith("#") || value.startsWith("urn:")) {
                continue; // contained, no literal reference, or another entry of this transaction (checked before commit)
            }
            if (target.isAbsolute() || !target.hasResourceType() || !target.hasIdPart() || !patientData(target.getResourceType())) {
                continue; // external references are refused by the server anyway; shared data is open to all
            }
            IIdType id = target.toUnqualifiedVersionless();
            if (!id.getValue().equals(self) && !known(known, id, () -> inside(writer, id, known))) {
                throw new PartnerWriteRefused(Reason.RECORD_OF_OTHER_PATIENT);
            }
        }
    }

    /** A patient the writer may write, or a record of such patients; absent, or Part 2 without the grant: outside. */
    private boolean inside(Writer writer, IIdType target, Map<String, Boolean> known) {
        IBaseResource stored = read(target).orElse(null);
        if (stored == null || !writer.part2() && labels.labelled(stored)) {
            return false;
        }
        if (stored instanceof Patient patient) {
            return writer.mayWrite(patient);
        }
        for (IIdType owner : fhir.newTerser().getCompartmentOwnersForResource(PATIENT, stored, (Set<String>) null)) {
            IIdType patient = owner.toUnqualifiedVersionless();
            if (!known(known, patient, () -> read(patient).map(p -> p instanceof Patient found && writer.mayWrite(found)
                    && (writer.part2() || !labels.labelled(found))).orElse(false))) {
                return false;
            }
        }
        return true;
    }

    /** Each reference is looked up once per transaction. */
    private static boolean known(Map<String, Boolean> known, IIdType id, Supplier<Boolean> lookUp) {
        Boolean answer = known.get(id.getValue());
        if (answer == null) {
            answer = lookUp.get();
            known.put(id.getValue(), answer);
        }
        return answer;
    }

    private Optional<IBaseResource> read(IIdType id) {
        try {
            return Optional.of(daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails()));
        } catch (BaseServerResponseException | IllegalArgumentException e) {
            return Optional.empty(); // not found, gone, or not a resource type this server stores
        }
    }

    /**
     * The Patient and the types of its compartment: everything else is shared. A name that is no resource type (a
     * reference such as {@code Foo/1}) is neither: HAPI's own validation refuses it, this check must not fail first.
     */
    private boolean patientData(String type) {
        return PATIENT.equals(type) || fhir.getResourceTypes().contains(type)
                && !fhir.getResourceDefinition(type).getSearchParamsForCompartmentName(PATIENT).isEmpty();
    }
}
