package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.kaphub.profiles.KapGuide;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Definitions every clinic shares are read-only for partners: they decide how every clinic's data is validated,
 * scored, searched, coded or sent out, and they belong to no patient, so no organisation limit could scope a change.
 * Only a client with {@code system/kap.admin} creates, changes or deletes them. The KAP guide's own resources (what
 * {@code profiles/} installs from {@code fhir-profiles/}, e.g. {@code Questionnaire/phq-9}) and their canonical URLs
 * change with a release of KAP Hub only — through the API not even an administrator changes or deletes them, nor
 * stores another resource under one of their URLs. Checked at storage, so REST writes, transaction and batch entries
 * and conditional writes alike; the server's own writes (the guide installer) do not pass through the FHIR server's
 * interceptors.
 */
@Interceptor
class SharedDefinitions {

    /**
     * Conformance and terminology (how data is validated, indexed and coded), knowledge artifacts (Questionnaire
     * scoring, decision logic), and Subscription (which would send matching records to an endpoint of the author's
     * choosing, past every access rule).
     */
    static final Set<String> TYPES = Set.of("StructureDefinition", "ValueSet", "CodeSystem", "ConceptMap",
            "NamingSystem", "StructureMap", "ImplementationGuide", "CapabilityStatement", "OperationDefinition",
            "SearchParameter", "CompartmentDefinition", "GraphDefinition", "MessageDefinition", "TerminologyCapabilities",
            "Questionnaire", "Library", "PlanDefinition", "ActivityDefinition", "Measure", "ObservationDefinition",
            "Subscription");

    private final ClientRegistry registry;
    private final FhirContext fhirContext;
    private final Set<String> guideIds = new HashSet<>();
    private final Set<String> guideUrls = new HashSet<>();

    SharedDefinitions(ClientRegistry registry, FhirContext fhirContext, KapGuide guide) {
        this.registry = registry;
        this.fhirContext = fhirContext;
        for (IBaseResource resource : guide.conformanceResources()) {
            guideIds.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
            url(resource).ifPresent(guideUrls::add);
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        check(null, resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        check(previous, resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        check(resource, null);
    }

    private void check(IBaseResource previous, IBaseResource resource) {
        if (previous != null) {
            String id = previous.fhirType() + "/" + previous.getIdElement().getIdPart();
            if (guideIds.contains(id)) {
                throw new ForbiddenOperationException(id + " belongs to the KAP implementation guide (fhir-profiles/); "
                        + "it changes only with a release of KAP Hub, never through the API");
            }
        }
        if (resource != null && url(resource).filter(guideUrls::contains).isPresent()) {
            throw new ForbiddenOperationException(resource.fhirType() + ".url names a resource of the KAP implementation "
                    + "guide; another resource cannot take its canonical URL");
        }
        String type = (resource != null ? resource : previous).fhirType();
        if (TYPES.contains(type) && !KapPrincipal.current(registry).map(KapPrincipal::admin).orElse(false)) {
            throw new ForbiddenOperationException(type + " is a definition every clinic shares: read-only for partners "
                    + "(only a client with system/kap.admin may create, change or delete one)");
        }
    }

    private Optional<String> url(IBaseResource resource) {
        if (fhirContext.getResourceDefinition(resource).getChildByName("url") == null) {
            return Optional.empty(); // not a canonical resource
        }
        return fhirContext.newTerser().getSinglePrimitiveValue(resource, "url");
    }
}
