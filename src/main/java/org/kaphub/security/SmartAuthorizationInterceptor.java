package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifierFinished;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.kaphub.security.SmartScope.Permission;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * SMART v2 scopes (and their v1 spellings) turned into HAPI authorization rules for each request, narrowed by
 * the client's registration (resource types). Which records of those types it may see (its organisations' patients,
 * Part 2) is {@link VisibilityInterceptor}'s: hidden records are absent, not forbidden. HAPI applies the rules to the
 * request, to every transaction entry, and to every resource going out — search results, {@code _include} and
 * {@code _revinclude} resources alike. Anything not allowed is 403 with an OperationOutcome.
 * <p>
 * Also: {@code metadata} is open; AuditEvent is never writable and readable only with an explicit AuditEvent scope;
 * {@code user/} scopes grant nothing yet. The operations {@link OperationGate} offers ({@code $validate} with read or
 * create on the type, {@code $rems-report} — whose further scope needs OperationGate checks) get an allow rule here too; what
 * {@code $rems-report} reads and returns passes these same read rules (no blanket allowance for its responses). PATCH
 * ({@link PatchRefusal}) and every other operation are refused.
 */
class SmartAuthorizationInterceptor extends AuthorizationInterceptor {

    private static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.GET_PAGE);

    private final ClientRegistry registry;
    private final FhirContext fhirContext;

    SmartAuthorizationInterceptor(ClientRegistry registry, FhirContext fhirContext) {
        super(PolicyEnum.DENY);
        this.registry = registry;
        this.fhirContext = fhirContext;
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        IAuthRuleBuilder rules = new RuleBuilder().allow("capability statement").metadata().andThen();
        KapPrincipal principal = KapPrincipal.current(registry).orElse(null);
        if (principal == null) {
            return rules.denyAll("no authenticated client").build();
        }
        List<SmartScope> scopes = principal.smartScopes();
        // A page of a search is the search's own: bound to the client that ran it (ClientBoundPaging) and checked
        // resource by resource as it goes out. Before this, the AuditEvent read denial below matched every page.
        rules.allow("pages of the client's own searches").read().allResources().withAnyId()
                .withTester(new IAuthRuleTester() {
                    @Override
                    public boolean matches(RuleTestRequest test) {
                        return test.operation == RestOperationTypeEnum.GET_PAGE && test.resource == null;
                    }

                    @Override
                    public boolean matchesOutput(RuleTestRequest test) {
                        return false;
                    }
                }).andThen();
        rules.deny("audit trail is read-only").write().resourcesOfType(SmartScope.AUDIT_EVENT).withAnyId().andThen()
                .deny("audit trail is read-only").delete().resourcesOfType(SmartScope.AUDIT_EVENT).withAnyId().andThen();
        boolean auditReader = scopes.stream().anyMatch(s -> s.context() == SmartScope.Context.SYSTEM
                && SmartScope.AUDIT_EVENT.equals(s.resourceType()) && s.permissions().contains(Permission.READ));
        if (!auditReader) {
            rules.deny("audit trail needs system/AuditEvent.rs").read().resourcesOfType(SmartScope.AUDIT_EVENT).withAnyId().andThen();
        }
        if (!principal.allowedOrganizations().isEmpty()) {
            // Records of other organisations are hidden by VisibilityInterceptor; a new Patient must be one of ours
            // (one without managingOrganization gets the client's organisation before it is stored: ownership/OrganisationWrites).
            rules.deny("new patient of another organisation").create().resourcesOfType("Patient").withAnyId()
                    .withTester(tester(test -> test.resource instanceof Patient patient
                            && patient.getManagingOrganization().hasReference()
                            && !ofOrganisations(patient, principal.allowedOrganizations()))).andThen();
        }
        rules.allow("transaction entries follow the rules below").transaction().withAnyOperation().andApplyNormalRules().andThen();

        for (SmartScope scope : scopes) {
            if (scope.context() == SmartScope.Context.USER
                    || scope.context() == SmartScope.Context.PATIENT && principal.patient() == null) {
                continue;
            }
            for (String type : types(scope, principal.allowedResourceTypes())) {
                addRules(rules, scope, type, scope.context() == SmartScope.Context.PATIENT
                        ? ruleOp -> inPatient(ruleOp, principal.patient())
                        : IAuthRuleBuilderRuleOpClassifier::withAnyId);
            }
        }
        return rules.denyAll("insufficient scope").build();
    }

    private static boolean ofOrganisations(Patient patient, Set<String> organisations) {
        IIdType organisation = patient.getManagingOrganization().getReferenceElement();
        return organisation.hasIdPart() && organisations.stream().map(OrganisationTags::code)
                .anyMatch(organisation.getIdPart()::equals);
    }

    private static List<String> types(SmartScope scope, Set<String> allowed) {
        if (allowed.isEmpty()) {
            return List.of(scope.resourceType());
        }
        if (scope.anyType()) {
            return List.copyOf(allowed);
        }
        return allowed.contains(scope.resourceType()) ? List.of(scope.resourceType()) : List.of();
    }

    private void addRules(IAuthRuleBuilder rules, SmartScope scope, String type,
                          Function<IAuthRuleBuilderRuleOpClassifier, IAuthRuleBuilderRuleOpClassifierFinished> where) {
        Set<Permission> p = scope.permissions();
        String name = scope.context().name().toLowerCase() + "/" + type;
        boolean read = p.contains(Permission.READ);
        boolean search = p.contains(Permission.SEARCH);
        if (read || search) {
            var rule = where.apply(appliesTo(rules.allow(name + " read").read(), type));
            if (!(read && search)) {
                rule.withTester(operationIs(search));
            }
            rule.andThen();
        }
        boolean create = p.contains(Permission.CREATE);
        boolean update = p.contains(Permission.UPDATE);
        if (create && !update) {
            where.apply(appliesTo(rules.allow(name + " create").create(), type)).andThen();
        } else if (update) {
            var rule = where.apply(appliesTo(rules.allow(name + " write").write(), type));
            if (!create) {
                rule.withTester(tester(test -> test.operation != RestOperationTypeEnum.CREATE));
            }
            rule.andThen();
        }
        if (p.contains(Permission.DELETE)) {
            where.apply(appliesTo(rules.allow(name + " delete").delete(), type)).andThen();
        }
        // Operations: OperationGate decides the details (mode, instance visibility). $validate answers an
        // OperationOutcome only; the one record it reads (an instance's) OperationGate has checked before.
        if (read || create) {
            var validate = rules.allow(name + " $validate").operation().named(OperationGate.VALIDATE);
            if ("*".equals(type)) {
                validate.onAnyType().andAllowAllResponses().andThen();
                rules.allow(name + " $validate").operation().named(OperationGate.VALIDATE).onAnyInstance().andAllowAllResponses().andThen();
            } else {
                Class<? extends IBaseResource> resourceClass = fhirContext.getResourceDefinition(type).getImplementingClass();
                validate.onType(resourceClass).andAllowAllResponses().andThen();
                rules.allow(name + " $validate").operation().named(OperationGate.VALIDATE).onInstancesOfType(resourceClass)
                        .andAllowAllResponses().andThen();
            }
        }
        if (read && ("*".equals(type) || "MedicationAdministration".equals(type))) {
            // $rems-report reads through the DAOs with this request: the administration, its patient, observations,
            // earlier sessions, performer and setting are each checked as a read (and by the visibility rule) as they
            // are read, and the form it returns (a QuestionnaireResponse of that patient) is checked as one.
            rules.allow(name + " $rems-report").operation().named(OperationGate.REMS_REPORT)
                    .onInstancesOfType(org.hl7.fhir.r4.model.MedicationAdministration.class)
                    .andRequireExplicitResponseAuthorization().andThen();
        }
    }

    /** r without s allows reads by id only; s without r allows searches only. */
    private static IAuthRuleTester operationIs(boolean search) {
        return tester(test -> SEARCHES.contains(test.operation) == search);
    }

    /** One condition for the request and for the resources going out. */
    private static IAuthRuleTester tester(Predicate<IAuthRuleTester.RuleTestRequest> condition) {
        return new IAuthRuleTester() {
            @Override
            public boolean matches(RuleTestRequest test) {
                return condition.test(test);
            }

            @Override
            public boolean matchesOutput(RuleTestRequest test) {
                return condition.test(test);
            }
        };
    }

    private static IAuthRuleBuilderRuleOpClassifier appliesTo(IAuthRuleBuilderRuleOp op, String type) {
        return "*".equals(type) ? op.allResources() : op.resourcesOfType(type);
    }

    private static IAuthRuleBuilderRuleOpClassifierFinished inPatient(IAuthRuleBuilderRuleOpClassifier op, String patient) {
        return op.inCompartment("Patient", new IdType("Patient", patient));
    }

}
