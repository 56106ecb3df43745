package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What a client limited to some patients — organisation-limited, or acting for one patient ({@code patient/} scopes)
 * — writes stays inside them. A Patient it writes is managed by one of its organisations: one without
 * {@code managingOrganization} gets the client's first organisation (in id order), one naming another organisation
 * is refused (403), and an update cannot move a patient out. Every reference a written resource carries points at a
 * patient it may write, at a resource in such a patient's compartment, or at shared data (Organization, Practitioner,
 * Medication, Location, …); a reference to an absent resource is refused exactly like one to another organisation's,
 * so the answer never tells which. Checked for requests and every transaction or batch entry; references to other
 * entries ({@code urn:uuid:}) are checked again once HAPI has resolved them, before the transaction commits.
 * <p>
 * The defaulting runs before the organisation stamp ({@code @Hook(order = 0)} on the pre-storage pointcuts) so the
 * stamp sees the final organisation; the checks run after it.
 */
@Interceptor
class OrganisationWrites {

    private static final String CHECKED = OrganisationWrites.class.getName() + ".inside";
    private static final String RECHECK = OrganisationWrites.class.getName() + ".recheck";

    private final ClientRegistry registry;
    private final DaoRegistry daos;
    private final FhirContext fhirContext;
    private final Part2Labels labels;

    OrganisationWrites(ClientRegistry registry, DaoRegistry daos, FhirContext fhirContext, Part2Labels labels) {
        this.registry = registry;
        this.daos = daos;
        this.fhirContext = fhirContext;
        this.labels = labels;
    }

    /** Before the authorization rules: a Patient naming another organisation is refused with a clear reason. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -10)
    public void refuseForeignPatients(RequestDetails request) {
        Limit limit = limit().orElse(null);
        if (limit == null) {
            return;
        }
        RestOperationTypeEnum operation = request.getRestOperationType();
        if ((operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE)
                && request.getResource() instanceof Patient patient) {
            limit.checkManagingOrganization(patient);
        }
        for (Bundle.BundleEntryComponent entry : BundleRequests.entries(request)) {
            Bundle.HTTPVerb method = BundleRequests.method(entry);
            if ((method == Bundle.HTTPVerb.POST || method == Bundle.HTTPVerb.PUT) && entry.getResource() instanceof Patient patient) {
                limit.checkManagingOrganization(patient);
            }
        }
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -10)
    public void defaultOnCreate(IBaseResource resource) {
        limit().ifPresent(limit -> limit.defaultManagingOrganization(resource));
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -10)
    public void defaultOnUpdate(IBaseResource previous, IBaseResource resource) {
        limit().ifPresent(limit -> limit.defaultManagingOrganization(resource));
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = 10)
    public void checkCreated(IBaseResource resource, TransactionDetails transaction) {
        limit().ifPresent(limit -> check(limit, resource, transaction, false));
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = 10)
    public void checkUpdated(IBaseResource previous, IBaseResource resource, TransactionDetails transaction) {
        limit().ifPresent(limit -> check(limit, resource, transaction, false));
    }

    /** In a transaction, after HAPI replaced {@code urn:uuid:} references with the ids of the entries. */
    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void recheckCreated(IBaseResource resource, TransactionDetails transaction) {
        recheck(resource, transaction);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void recheckUpdated(IBaseResource previous, IBaseResource resource, TransactionDetails transaction) {
        recheck(resource, transaction);
    }

    /** What {@code $validate} with {@code mode=create|update} checks: the resource as it would be stored. */
    void checkCandidate(IBaseResource candidate) {
        limit().ifPresent(limit -> {
            limit.defaultManagingOrganization(candidate);
            check(limit, candidate, new TransactionDetails(), false);
        });
    }

    private void recheck(IBaseResource resource, TransactionDetails transaction) {
        if (transaction != null && Boolean.TRUE.equals(transaction.getUserData(RECHECK))) {
            limit().ifPresent(limit -> check(limit, resource, transaction, true));
        }
    }

    private void check(Limit limit, IBaseResource resource, TransactionDetails transaction, boolean resolved) {
        if (resource instanceof Patient patient) {
            limit.checkManagingOrganization(patient);
        }
        Map<String, Boolean> inside = transaction.getOrCreateUserData(CHECKED, HashMap::new);
        for (ResourceReferenceInfo info : terser().getAllResourceReferences(resource)) {
            IIdType target = info.getResourceReference().getReferenceElement();
            String value = target.getValue();
            if (value == null || value.startsWith("#")) {
                continue; // contained, or no literal reference (identifier / display only)
            }
            if (value.startsWith("urn:")) {
                transaction.putUserData(RECHECK, Boolean.TRUE); // another entry of this transaction, not created yet
                continue;
            }
            if (target.isAbsolute() || !target.hasResourceType() || !target.hasIdPart() || !patientData(target.getResourceType())) {
                continue; // external references are refused by the server anyway; shared data is open to all
            }
            IIdType id = target.toUnqualifiedVersionless();
            if (!known(inside, id, () -> inside(limit, id, inside))) {
                throw outside(info.getName(), id.getValue());
            }
        }
    }

    /** A patient the client may write, or a resource of such patients; absent counts as outside. */
    private boolean inside(Limit limit, IIdType target, Map<String, Boolean> known) {
        IBaseResource stored = read(target).orElse(null);
        if (stored == null || labels.labelled(stored) && !limit.part2()) {
            return false;
        }
        if (stored instanceof Patient patient) {
            return limit.includes(patient);
        }
        for (IIdType owner : terser().getCompartmentOwnersForResource("Patient", stored, (Set<String>) null)) {
            IIdType patient = owner.toUnqualifiedVersionless();
            if (!known(known, patient, () -> read(patient).map(p -> p instanceof Patient found && limit.includes(found)
                    && !(labels.labelled(found) && !limit.part2())).orElse(false))) {
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

    private boolean patientData(String type) {
        return "Patient".equals(type) || fhirContext.getResourceDefinition(type) != null
                && !fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty();
    }

    private FhirTerser terser() {
        return fhirContext.newTerser();
    }

    private static ForbiddenOperationException outside(String path, String reference) {
        return new ForbiddenOperationException(path + " references " + reference + ", which is not a patient (or a record "
                + "of a patient) this client may write to: it is absent or outside the client's organisations");
    }

    private Optional<Limit> limit() {
        return KapPrincipal.current(registry).flatMap(principal -> {
            if (!principal.allowedOrganizations().isEmpty()) {
                Set<String> organisations = new TreeSet<>();
                principal.allowedOrganizations().forEach(o -> organisations.add(o.contains("/") ? o.substring(o.lastIndexOf('/') + 1) : o));
                return Optional.of(new Limit(organisations, null, principal.part2()));
            }
            if (principal.patientContextOnly()) {
                return Optional.of(new Limit(Set.of(), principal.patient(), principal.part2()));
            }
            return Optional.empty();
        });
    }

    /** The patients a client may write: those of its organisations, or its one context patient. */
    private record Limit(Set<String> organisations, String patient, boolean part2) {

        boolean includes(Patient candidate) {
            if (patient != null) {
                return patient.equals(candidate.getIdElement().getIdPart());
            }
            return organisations.contains(organisation(candidate));
        }

        void defaultManagingOrganization(IBaseResource resource) {
            if (patient == null && resource instanceof Patient candidate && organisation(candidate) == null
                    && !candidate.getManagingOrganization().hasReference()) {
                candidate.getManagingOrganization().setReference("Organization/" + organisations.iterator().next());
            }
        }

        void checkManagingOrganization(Patient candidate) {
            if (patient != null || !candidate.getManagingOrganization().hasReference()) {
                return; // a patient-context client writes its own Patient; a missing organisation is defaulted
            }
            String named = organisation(candidate);
            if (!organisations.contains(named)) {
                throw new ForbiddenOperationException("Patient.managingOrganization must be one of this client's "
                        + "organisations " + organisations.stream().map(o -> "Organization/" + o).toList() + "; it names "
                        + candidate.getManagingOrganization().getReference());
            }
        }

        private static String organisation(Patient candidate) {
            IIdType reference = candidate.getManagingOrganization().getReferenceElement();
            return "Organization".equals(reference.getResourceType()) && reference.hasIdPart() && !reference.isAbsolute()
                    ? reference.getIdPart() : null;
        }
    }
}
