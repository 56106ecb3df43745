package org.kaphub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.kaphub.vocabulary.KapCanonicals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every write — REST, transaction entry or HL7 v2 mapping — of a CarePlan, MedicationRequest,
 * MedicationAdministration or QuestionnaireResponse is validated against its KAP profile whether or not it
 * declares one; any other resource is validated when it declares a KAP profile (profiles of other guides are
 * not held here, so they are not enforced). Errors refuse the write with 422
 * and an OperationOutcome whose issues name the element; warnings alone let it through. A resource stored is marked
 * with the KAP profiles it was validated against — those of its type added to meta.profile next to what the writer
 * declared — so a partner reading it knows what it receives.
 */
@Interceptor
public class ProfileEnforcement {

    private final FhirContext context;
    private final FhirValidator validator;

    ProfileEnforcement(FhirContext context, FhirValidator validator) {
        this.context = context;
        this.validator = validator;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        declare(resource, check(resource));
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        declare(resource, check(resource));
    }

    /** The profiles the resource met, in meta.profile; the writer's own entries stay as they are. */
    private static void declare(IBaseResource resource, List<String> profiles) {
        for (String profile : profiles) {
            if (resource.getMeta().getProfile().stream().noneMatch(p -> profile.equals(p.getValue()))) {
                resource.getMeta().addProfile(profile);
            }
        }
    }

    /**
     * Validates one example per KAP profile, so the validator's first run — snapshots generated, profiles and
     * ValueSets cached, code compiled — happens at start-up and not on a partner's first message (4 s cold, 12 s for
     * eight at once). Returns the ids of examples that failed: a guide whose own examples fail is broken.
     */
    List<String> warmUp(List<IBaseResource> examples) {
        Map<String, IBaseResource> onePerProfile = new LinkedHashMap<>();
        for (IBaseResource example : examples) {
            List<String> profiles = new ArrayList<>(KapProfiles.requiredFor(example));
            example.getMeta().getProfile().forEach(p -> profiles.add(p.getValue()));
            if (profiles.stream().anyMatch(p -> p != null && p.startsWith(KapCanonicals.STRUCTURE_DEFINITION))) {
                onePerProfile.putIfAbsent(example.fhirType() + " " + profiles, example);
            }
        }
        List<String> failed = new ArrayList<>();
        for (IBaseResource example : onePerProfile.values()) {
            try {
                check(example);
            } catch (UnprocessableEntityException e) {
                failed.add(example.getIdElement().toUnqualifiedVersionless().getValue());
            }
        }
        return failed;
    }

    /**
     * The server's verdict on a resource against {@code profiles} and those it declares: HAPI's instance validator and
     * the KAP rules, exactly as a write is checked (the golden-file test asks it of mapper output before storage).
     */
    public ValidationResult validate(IBaseResource resource, Collection<String> profiles) {
        ValidationOptions options = new ValidationOptions();
        profiles.forEach(options::addProfile);
        return validator.validateWithResult(resource, options);
    }

    /**
     * Validates the resource against its type's KAP profiles and those it declares; returns the former (the KAP
     * profiles it met without declaring them), or refuses it with 422.
     */
    List<String> check(IBaseResource resource) {
        List<String> required = KapProfiles.requiredFor(resource);
        boolean declaresKapProfile = resource.getMeta().getProfile().stream()
                .anyMatch(p -> p.getValue() != null && p.getValue().startsWith(KapCanonicals.STRUCTURE_DEFINITION));
        if (required.isEmpty() && !declaresKapProfile) {
            return List.of(); // e.g. BALP AuditEvents declare IHE profiles this server does not hold
        }
        ValidationResult result = validate(resource, required);
        boolean failed = result.getMessages().stream()
                .anyMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
        if (failed) {
            OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
            outcome.getIssue().removeIf(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.INFORMATION);
            throw new UnprocessableEntityException(context, outcome);
        }
        return required;
    }
}
