package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.util.UrlUtil;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
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

    /**
     * The same answer up front, before the scope rules (which may refuse for a less telling reason): a write to a shared
     * type or to one of the guide's resources, as a request or a Bundle entry. Conditional writes are known at storage.
     */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -10)
    public void refuseUpFront(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE
                || operation == RestOperationTypeEnum.DELETE) {
            IIdType id = request.getId();
            check(request.getResourceName(), id == null ? null : id.getIdPart(), request.getResource());
        }
        for (Bundle.BundleEntryComponent entry : BundleRequests.entries(request)) {
            Bundle.HTTPVerb method = BundleRequests.method(entry);
            if (method == Bundle.HTTPVerb.POST || method == Bundle.HTTPVerb.PUT || method == Bundle.HTTPVerb.DELETE) {
                UrlUtil.UrlParts target = UrlUtil.parseUrl(BundleRequests.path(entry.getRequest().getUrl()));
                check(entry.hasResource() ? entry.getResource().fhirType() : target.getResourceType(),
                        method == Bundle.HTTPVerb.POST ? null : target.getResourceId(), entry.getResource());
            }
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
        IBaseResource either = resource != null ? resource : previous;
        check(either.fhirType(), previous == null ? null : previous.getIdElement().getIdPart(), resource);
    }

    /**
     * @param existing the id of the resource changed or deleted (null for a create)
     * @param resource what would be stored (null for a delete)
     */
    private void check(String type, String existing, IBaseResource resource) {
        if (type == null) {
            return;
        }
        if (existing != null && guideIds.contains(type + "/" + existing)) {
            throw new ForbiddenOperationException(type + "/" + existing + " belongs to the KAP implementation guide "
                    + "(fhir-profiles/); it changes only with a release of KAP Hub, never through the API");
        }
        if (resource != null && url(resource).filter(guideUrls::contains).isPresent()) {
            throw new ForbiddenOperationException(resource.fhirType() + ".url names a resource of the KAP implementation "
                    + "guide; another resource cannot take its canonical URL");
        }
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
