package org.kaphub.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.r4.model.Bundle;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Search terms that reach into resources other than the ones searched — reverse chains ({@code _has}), chains
 * ({@code subject.name}, {@code focus:Condition.code}), sorting by a chain, {@code _filter}, {@code _content},
 * {@code _text}, {@code _list}, {@code _query} — and terms on access labels ({@code _security}, {@code _tag} on our own
 * systems, where organisations are tagged) let a client test facts about records it cannot read: another clinic's
 * patient's birth date, which patients have Part 2 records. For every client without the full view
 * ({@link KapPrincipal#fullView()}) they are refused with 403, in searches, conditional URLs (If-None-Exist,
 * conditional update and delete) and every Bundle entry. The refusal depends on the parameter names only, never on
 * the data, and names the parameter, never its value.
 */
@Interceptor
class SearchTerms {

    private static final Set<String> REACHING = Set.of(Constants.PARAM_HAS, Constants.PARAM_FILTER,
            Constants.PARAM_CONTENT, Constants.PARAM_TEXT, Constants.PARAM_LIST, Constants.PARAM_QUERY,
            Constants.PARAM_SECURITY);

    private final ClientRegistry registry;
    private final Set<String> ownTagSystems;

    /** @param ownTagSystems the tag systems the server itself maintains (organisation tags) */
    SearchTerms(ClientRegistry registry, Set<String> ownTagSystems) {
        this.registry = registry;
        this.ownTagSystems = Set.copyOf(ownTagSystems);
    }

    /**
     * The terms as the client sent them, before any search narrowing (which runs at this pointcut with the default
     * order) adds terms of the server's own.
     */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -100)
    public boolean refuseReachingTerms(RequestDetails request) {
        if (limitedView()) {
            check(request.getParameters());
            check(BundleRequests.criteria(request.getHeader(Constants.HEADER_IF_NONE_EXIST)));
        }
        return true; // go on processing the request
    }

    /** Bundle entries are parsed by now; narrowing of their search URLs comes after (default order). */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -100)
    public void refuseReachingTermsInEntries(RequestDetails request) {
        List<Bundle.BundleEntryComponent> entries = BundleRequests.entries(request);
        if (!entries.isEmpty() && limitedView()) {
            for (Bundle.BundleEntryComponent entry : entries) {
                check(BundleRequests.query(entry.getRequest().getUrl()));
                check(BundleRequests.criteria(entry.getRequest().getIfNoneExist()));
            }
        }
    }

    private boolean limitedView() {
        return KapPrincipal.current(registry).map(principal -> !principal.fullView()).orElse(false);
    }

    private void check(Map<String, String[]> parameters) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            if (REACHING.contains(base) || name.contains(".")) { // no FHIR search parameter code has a dot: a chain
                throw refused(name);
            }
            if (Constants.PARAM_SORT.equals(base) && anyValue(parameter.getValue(), v -> v.contains("."))) {
                throw refused(name);
            }
            if (Constants.PARAM_TAG.equals(base) && anyValue(parameter.getValue(), this::ownOrAnyTag)) {
                throw refused(name);
            }
        }
    }

    /** A tag term without a system matches our own tags too. */
    private boolean ownOrAnyTag(String value) {
        int bar = value.indexOf('|');
        return bar < 0 || ownTagSystems.contains(value.substring(0, bar));
    }

    private static boolean anyValue(String[] values, Predicate<String> test) {
        for (String value : values) {
            for (String one : value.split(",")) {
                if (test.test(one.trim())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ForbiddenOperationException refused(String parameter) {
        return new ForbiddenOperationException("Search parameter '" + parameter + "' reaches into other resources or "
                + "access labels; it is open only to clients that see every record (no organisation, resource-type or "
                + "patient limit, 42 CFR Part 2 granted). Search the other resource type directly.");
    }
}
