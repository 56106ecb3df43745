package org.kaphub.ownership;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.ownership.PartnerWriteRefused.Reason;
import org.kaphub.partners.Partner;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PatientOwnership} on every write made for a partner ({@link ActingPartner}), on HAPI's storage pointcuts:
 * each resource of a transaction passes them, and a refusal rolls the whole transaction back.
 * <ul>
 *   <li>A Patient: created, updated, patched or deleted by the rules of {@link PatientOwnership} (before storage).</li>
 *   <li>Any other record: before an update or delete, the patients its stored version refers to must be the
 *   partner's (an upsert on a business identifier must not take over another clinic's record); and every patient
 *   a new version refers to must be the partner's. Those references are checked before commit, once HAPI has
 *   resolved a transaction's {@code urn:uuid} references to the patients they became.</li>
 * </ul>
 * Only organisation-limited partners are limited; for every partner, a Patient update keeps its managing organisation.
 */
@Interceptor
public class PartnerWrites {

    private static final String PATIENT = "Patient";
    /**
     * Before security's organisation stamp (order 0), which tags a Patient with its {@code managingOrganization}: a
     * new patient's organisation, or the one an update keeps, must be in place when it runs.
     */
    private static final int BEFORE_THE_ORGANISATION_STAMP = -10;
    /** Per transaction: patient id → its organisation, so a message's records look their patient up once. */
    private static final String ORGANISATIONS = PartnerWrites.class.getName() + ".organisations";

    private final FhirContext fhir;
    private final DaoRegistry daos;

    PartnerWrites(FhirContext fhir, DaoRegistry daos) {
        this.fhir = fhir;
        this.daos = daos;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_THE_ORGANISATION_STAMP)
    public void creating(IBaseResource resource, RequestDetails request) {
        ActingPartner.of(request).ifPresent(partner -> {
            if (resource instanceof Patient patient) {
                PatientOwnership.created(partner, patient);
            }
        });
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_THE_ORGANISATION_STAMP)
    public void updating(IBaseResource stored, IBaseResource next, RequestDetails request, TransactionDetails transaction) {
        ActingPartner.of(request).ifPresent(partner -> {
            if (stored instanceof Patient before && next instanceof Patient after) {
                PatientOwnership.updated(partner, before, after);
                forget(transaction, before);
            } else {
                requireWritablePatients(partner, stored, transaction);
            }
        });
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = BEFORE_THE_ORGANISATION_STAMP)
    public void deleting(IBaseResource stored, RequestDetails request, TransactionDetails transaction) {
        ActingPartner.of(request).ifPresent(partner -> {
            if (stored instanceof Patient before) {
                PatientOwnership.deleted(partner, before);
            } else {
                requireWritablePatients(partner, stored, transaction);
            }
        });
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        ActingPartner.of(request).ifPresent(partner -> requireWritablePatients(partner, resource, transaction));
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource stored, IBaseResource resource, RequestDetails request, TransactionDetails transaction) {
        ActingPartner.of(request).ifPresent(partner -> requireWritablePatients(partner, resource, transaction));
    }

    /** Every Patient {@code resource} refers to (a Patient: other than itself) is one {@code partner} may write. */
    private void requireWritablePatients(Partner partner, IBaseResource resource, TransactionDetails transaction) {
        if (!partner.organisationLimited()) {
            return;
        }
        for (String patient : referencedPatients(resource)) {
            if (!PatientOwnership.writable(partner, organisationOf(patient, transaction))) {
                throw new PartnerWriteRefused(Reason.RECORD_OF_OTHER_PATIENT);
            }
        }
    }

    private Set<String> referencedPatients(IBaseResource resource) {
        String self = resource.getIdElement().getIdPart();
        Set<String> patients = new LinkedHashSet<>();
        for (ResourceReferenceInfo info : fhir.newTerser().getAllResourceReferences(resource)) {
            IIdType id = info.getResourceReference().getReferenceElement();
            if (PATIENT.equals(id.getResourceType()) && id.hasIdPart() && !id.isAbsolute()
                    && !(resource instanceof Patient && id.getIdPart().equals(self))) {
                patients.add(id.getIdPart());
            }
        }
        return patients;
    }

    /** The patient's organisation as stored now (a patient that does not exist has none). */
    private Optional<String> organisationOf(String patientId, TransactionDetails transaction) {
        Map<String, Optional<String>> known = transaction == null ? new HashMap<>()
                : transaction.getOrCreateUserData(ORGANISATIONS, HashMap::new);
        return known.computeIfAbsent(patientId, id -> {
            try {
                Patient patient = (Patient) daos.getResourceDao(Patient.class).read(new IdType(PATIENT, id), new SystemRequestDetails());
                return PatientOwnership.organisation(patient);
            } catch (ResourceNotFoundException | ResourceGoneException absent) {
                return Optional.empty();
            }
        });
    }

    private static void forget(TransactionDetails transaction, Patient patient) {
        if (transaction != null && transaction.getUserData(ORGANISATIONS) instanceof Map<?, ?> known) {
            known.remove(patient.getIdElement().getIdPart());
        }
    }
}
