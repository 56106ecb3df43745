package org.kaphub.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;

/**
 * A client whose grant covers 42 CFR Part 2 data ({@code kap/part2.read}) has nothing withheld, so HAPI's consent
 * filtering is skipped for its requests — and with it the consent interceptor's refusal of {@code _summary=count}
 * and {@code _total=accurate}, which it must keep for everyone else (a count would reveal withheld records).
 */
@Interceptor
class Part2Grant {

    private final ClientRegistry registry;

    Part2Grant(ClientRegistry registry) {
        this.registry = registry;
    }

    /** Runs before the consent interceptor's own pre-handled check. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean skipConsentWhenGranted(RequestDetails request) {
        if (KapPrincipal.current(registry).map(KapPrincipal::part2).orElse(false)) {
            ConsentInterceptor.skipAllConsentForRequest(request);
        }
        return true; // go on processing the request
    }
}
