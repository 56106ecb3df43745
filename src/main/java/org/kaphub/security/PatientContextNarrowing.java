package org.kaphub.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;

/**
 * A client with a patient context (a {@code patient} claim) searching {@code Observation?code=…} gets that
 * patient's Observations instead of a 403: HAPI adds the compartment to the search before it runs.
 */
class PatientContextNarrowing extends SearchNarrowingInterceptor {

    private final ClientRegistry registry;

    PatientContextNarrowing(ClientRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails request) {
        return KapPrincipal.current(registry)
                .filter(principal -> principal.patient() != null)
                .filter(principal -> principal.smartScopes().stream().noneMatch(s -> s.context() == SmartScope.Context.SYSTEM))
                .map(principal -> new AuthorizedList().addCompartment("Patient/" + principal.patient()))
                .orElse(null);
    }
}
