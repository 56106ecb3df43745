package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one client may see, decided in the query and checked on output with the same rule: records of the Patient
 * compartment only of its organisations (when its registration names any), and no 42 CFR Part 2 labelled record
 * without the Part 2 grant. Held in the request's user data, so HAPI's worker threads and sub-requests see it too.
 */
record Visibility(String clientId, Set<String> organisations, boolean part2, List<SecurityLabel> labels) {

    private static final String KEY = Visibility.class.getName();

    /** What a record carries that the rule looks at (taken from the resource, or from the stored current version). */
    record Marks(Set<String> organisations, boolean part2) {
    }

    enum Verdict { VISIBLE, OTHER_ORGANISATION, PART2 }

    Visibility {
        organisations = organisations.stream().map(OrganisationTags::code).collect(Collectors.toUnmodifiableSet());
        labels = List.copyOf(labels);
    }

    /** A client that sees everything (no organisation limit, Part 2 grant). */
    static Visibility unrestricted(String clientId) {
        return new Visibility(clientId, Set.of(), true, List.of());
    }

    /** The request's rule. Internal work (system requests: HL7 v2 ingest, scoring, start-up) sees everything. */
    static Visibility of(RequestDetails request) {
        if (request == null || request instanceof SystemRequestDetails) {
            return null;
        }
        Object visibility = request.getUserData().get(KEY);
        // A request from outside without a rule attached (should not happen): it sees nothing.
        return visibility instanceof Visibility v ? v : new Visibility("unknown", Set.of("\u0000"), false, List.of());
    }

    void attachTo(RequestDetails request) {
        request.getUserData().put(KEY, this);
    }

    boolean restricted() {
        return !organisations.isEmpty() || !part2;
    }

    boolean organisationLimited() {
        return !organisations.isEmpty();
    }

    /**
     * Adds this client's limits to a search: {@code _tag=<its organisations>} (each in the current and the legacy tag
     * system) for Patient-compartment types and {@code _security:not=<each Part 2 label>} (HAPI JPA: NOT IN the
     * resources carrying any of them).
     */
    void narrow(SearchParameterMap map, String resourceType, FhirContext fhir) {
        if (organisationLimited() && OrganisationTags.inPatientCompartment(fhir, resourceType)) {
            TokenOrListParam anyOf = new TokenOrListParam();
            organisations.stream().sorted().forEach(org -> OrganisationTags.SYSTEMS
                    .forEach(system -> anyOf.addOr(new TokenParam(system, org))));
            map.add(Constants.PARAM_TAG, anyOf);
        }
        if (!part2) {
            TokenOrListParam noneOf = new TokenOrListParam();
            labels.forEach(label -> noneOf.addOr(new TokenParam(label.system(), label.code()).setModifier(TokenParamModifier.NOT)));
            map.add(Constants.PARAM_SECURITY, noneOf);
        }
    }

    /**
     * The same limits as {@link #narrow} in match-URL form ({@code &_tag=…&_security:not=…}), empty when nothing is
     * narrowed: appended to a conditional create's URL where HAPI keys its duplicate guard (see NarrowedSearchUrls).
     */
    String narrowingQuery(String resourceType, FhirContext fhir) {
        StringBuilder query = new StringBuilder();
        if (organisationLimited() && OrganisationTags.inPatientCompartment(fhir, resourceType)) {
            query.append("&").append(Constants.PARAM_TAG).append("=").append(organisations.stream().sorted()
                    .flatMap(org -> OrganisationTags.SYSTEMS.stream().map(system -> encode(system + "|" + org)))
                    .collect(Collectors.joining(",")));
        }
        if (!part2) {
            query.append("&").append(Constants.PARAM_SECURITY).append(":not=").append(labels.stream()
                    .map(label -> encode(label.system() + "|" + label.code())).collect(Collectors.joining(",")));
        }
        return query.toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    Verdict judge(String resourceType, Marks marks, FhirContext fhir) {
        if (!part2 && marks.part2()) {
            return Verdict.PART2;
        }
        if (organisationLimited() && OrganisationTags.inPatientCompartment(fhir, resourceType)
                && Collections.disjoint(organisations, marks.organisations())) {
            return Verdict.OTHER_ORGANISATION;
        }
        return Verdict.VISIBLE;
    }

    static Marks marks(IBaseResource resource, Part2Labels labels) {
        return new Marks(OrganisationTags.of(resource), labels.labelled(resource));
    }
}
