package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.auth.IRuleApplier;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.kaphub.ownership.OrganisationWrites;
import org.kaphub.security.SmartScope.Permission;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * FHIR operations are refused unless named here, each with its own rule. HAPI's JPA server brings many —
 * {@code $meta-delete} could strip security labels, {@code $everything} and {@code $meta} answer about records in
 * bulk, {@code $expunge}, {@code $reindex}, … — and an operation added later (by HAPI or by us) stays refused until it
 * gets a rule here (and its allow rule in {@link SmartAuthorizationInterceptor}). Operations inside a transaction or
 * batch are refused. Where an operation names an instance the client cannot see, the answer is the one for an absent
 * id: 404, the same body.
 * <ul>
 *   <li>{@code $validate} does only what the client could do for real: on a type, {@code mode=create} needs create
 *   (and the resource must pass the organisation rules); without a mode, read or create. On an instance, the client
 *   must see it; {@code mode=update} needs update of it (old and new), {@code mode=delete} delete of it.</li>
 *   <li>{@code $rems-report} needs read on everything it reads or returns (MedicationAdministration, Patient,
 *   Observation, QuestionnaireResponse); the administration must be one the client sees, and each resource the report
 *   reads passes the client's read rules and Part 2 filter as it is read.</li>
 * </ul>
 * Refused operations are also left out of the CapabilityStatement.
 */
@Interceptor
class OperationGate {

    static final String VALIDATE = "$validate";
    static final String REMS_REPORT = "$rems-report";
    static final Set<String> OFFERED = Set.of(VALIDATE, REMS_REPORT);

    private static final Set<RestOperationTypeEnum> OPERATIONS = Set.of(RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE, RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE,
            RestOperationTypeEnum.META, RestOperationTypeEnum.META_ADD, RestOperationTypeEnum.META_DELETE,
            RestOperationTypeEnum.GRAPHQL_REQUEST);

    private final ClientRegistry registry;
    private final DaoRegistry daos;
    private final IRuleApplier rules;
    private final OrganisationWrites writes;
    private final Part2Labels labels;
    private final FhirContext fhir;

    OperationGate(ClientRegistry registry, DaoRegistry daos, IRuleApplier rules, OrganisationWrites writes,
                  Part2Labels labels, FhirContext fhir) {
        this.registry = registry;
        this.daos = daos;
        this.rules = rules;
        this.writes = writes;
        this.labels = labels;
        this.fhir = fhir;
    }

    /** Before the authorization rules, which would otherwise answer 403 for an instance the client cannot see. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -10)
    public void gate(RequestDetails request) {
        List<Bundle.BundleEntryComponent> entries = BundleRequests.entries(request);
        for (int i = 0; i < entries.size(); i++) {
            if (BundleRequests.path(entries.get(i).getRequest().getUrl()).contains("$")) {
                throw new InvalidRequestException("Bundle.entry[" + i + "]: operations are not accepted inside a "
                        + "transaction or batch; call the operation directly");
            }
        }
        if (!OPERATIONS.contains(request.getRestOperationType())) {
            return;
        }
        String operation = request.getOperation();
        KapPrincipal principal = KapPrincipal.current(registry).orElse(null);
        if (principal == null) {
            return; // the authorization rules refuse it
        }
        if (VALIDATE.equals(operation)) {
            validate(request, principal);
        } else if (REMS_REPORT.equals(operation) && "MedicationAdministration".equals(request.getResourceName())) {
            remsReport(request, principal);
        } else {
            throw new ForbiddenOperationException("The operation " + (operation == null ? request.getRestOperationType() : operation)
                    + " is not offered by KAP Hub (offered: " + String.join(", ", OFFERED.stream().sorted().toList()) + ")");
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void listOnlyOfferedOperations(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
            rest.getOperation().removeIf(o -> !OFFERED.contains("$" + o.getName()));
            rest.getResource().forEach(r -> r.getOperation().removeIf(o -> !OFFERED.contains("$" + o.getName())));
        }
    }

    private void validate(RequestDetails request, KapPrincipal principal) {
        String type = request.getResourceName();
        String mode = parameter(request, "mode");
        IBaseResource candidate = candidate(request);
        IIdType instance = request.getId();
        if (type == null) {
            throw new ForbiddenOperationException("$validate is offered on resource types and instances only");
        }
        if (instance == null || !instance.hasIdPart()) {
            boolean allowed = "create".equals(mode)
                    ? principal.permits(type, Permission.CREATE) && createAllowed(request, type, candidate)
                    : principal.permits(type, Permission.READ) || principal.permits(type, Permission.CREATE);
            if (!allowed) {
                throw new ForbiddenOperationException("$validate" + (mode == null ? "" : " mode=" + mode) + " on " + type
                        + " is allowed only to a client that could " + ("create".equals(mode) ? "create this resource" : "read or create " + type));
            }
            return;
        }
        IIdType id = new IdType(type, instance.getIdPart());
        IBaseResource stored = visible(request, id);
        if ("delete".equals(mode) && !allowed(RestOperationTypeEnum.DELETE, request, stored, id)
                || "update".equals(mode) && !(allowed(RestOperationTypeEnum.UPDATE, request, stored, id)
                && (candidate == null || updateAllowed(request, id, candidate)))) {
            throw new ForbiddenOperationException("$validate mode=" + mode + " on " + id.getValue()
                    + " is allowed only to a client that may " + mode + " it");
        }
    }

    private void remsReport(RequestDetails request, KapPrincipal principal) {
        boolean mayRead = principal.permits("MedicationAdministration", Permission.READ)
                && principal.permits("MedicationAdministration", Permission.SEARCH)
                && principal.permits("Patient", Permission.READ)
                && principal.permits("Observation", Permission.SEARCH)
                && principal.permits("QuestionnaireResponse", Permission.READ);
        if (!mayRead) {
            throw new ForbiddenOperationException("$rems-report needs read on everything the form is filled from or is: "
                    + "MedicationAdministration (read and search), Patient (read), Observation (search), QuestionnaireResponse (read)");
        }
        if (request.getId() == null || !request.getId().hasIdPart()) {
            return; // HAPI answers: the operation is on an instance
        }
        visible(request, new IdType("MedicationAdministration", request.getId().getIdPart()));
    }

    /**
     * The stored resource if this client may read it (scope rules, and the visibility rule: organisations, Part 2);
     * else exactly the answer for an absent id.
     */
    private IBaseResource visible(RequestDetails request, IIdType id) {
        IBaseResource stored;
        try {
            stored = daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
        } catch (BaseServerResponseException e) {
            throw notKnown(id); // absent or deleted
        }
        Visibility visibility = Visibility.of(request);
        if (!allowed(RestOperationTypeEnum.READ, request, stored, null) || visibility != null && visibility.restricted()
                && visibility.judge(id.getResourceType(), Visibility.marks(stored, labels), fhir) != Visibility.Verdict.VISIBLE) {
            throw notKnown(id);
        }
        return stored;
    }

    /** HAPI's own answer for an id it does not know, as the visibility rule gives it for a hidden record. */
    private static ResourceNotFoundException notKnown(IIdType id) {
        return VisibilityInterceptor.absent(id.getResourceType(), id.getIdPart());
    }

    private boolean allowed(RestOperationTypeEnum operation, RequestDetails request, IBaseResource resource, IIdType id) {
        var verdict = operation == RestOperationTypeEnum.READ
                ? rules.applyRulesAndReturnDecision(operation, request, null, null, resource, null)
                : rules.applyRulesAndReturnDecision(operation, request, resource, id, null, null);
        return verdict.getDecision() == PolicyEnum.ALLOW;
    }

    /** A create of the candidate as it would be stored (organisation defaulted) would pass the rules. */
    private boolean createAllowed(RequestDetails request, String type, IBaseResource candidate) {
        if (candidate == null) {
            return true; // nothing to validate: HAPI answers 400
        }
        IBaseResource copy = ((Resource) candidate).copy();
        writes.checkCandidate(request, copy);
        return allowed(RestOperationTypeEnum.CREATE, request, copy, new IdType(type, (String) null));
    }

    private boolean updateAllowed(RequestDetails request, IIdType id, IBaseResource candidate) {
        IBaseResource copy = ((Resource) candidate).copy();
        copy.setId(id);
        writes.checkCandidate(request, copy);
        return allowed(RestOperationTypeEnum.UPDATE, request, copy, id);
    }

    /** The resource to validate: the request body, or the {@code resource} parameter of a Parameters body. */
    private static IBaseResource candidate(RequestDetails request) {
        IBaseResource body = request.getResource();
        if (body instanceof Parameters parameters) {
            return parameters.getParameter().stream().filter(p -> "resource".equals(p.getName()) && p.hasResource())
                    .map(p -> (IBaseResource) p.getResource()).findFirst().orElse(null);
        }
        return body;
    }

    /** A parameter from the URL, else from a Parameters body; lower case. */
    private static String parameter(RequestDetails request, String name) {
        Map<String, String[]> query = request.getParameters();
        if (query != null && query.get(name) != null && query.get(name).length > 0) {
            return query.get(name)[0].toLowerCase(Locale.ROOT);
        }
        if (request.getResource() instanceof Parameters parameters) {
            return parameters.getParameter().stream().filter(p -> name.equals(p.getName()) && p.hasValue())
                    .map(p -> p.getValue().primitiveValue()).filter(v -> v != null)
                    .map(v -> v.toLowerCase(Locale.ROOT)).findFirst().orElse(null);
        }
        return null;
    }
}
