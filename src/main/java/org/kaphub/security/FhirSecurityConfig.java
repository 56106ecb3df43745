package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import org.kaphub.audit.AuditTrail;
import org.kaphub.fhir.FhirServerCustomizer;
import org.kaphub.profiles.KapGuide;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import java.util.Set;

/**
 * The FHIR server's side of security: SMART discovery, scope rules, patient-context narrowing, Part 2 consent, and
 * the gate in front of them (PATCH, operations, search terms that reach into other records) and the write rules
 * behind them (organisations, shared definitions, delete conflicts).
 */
@Configuration
class FhirSecurityConfig {

    /** The organisation tags the visibility rules stamp (their constant replaces this one when both land). */
    static final String ORGANISATION_TAGS = "https://kaphub.org/fhir/CodeSystem/organization";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    FhirServerCustomizer securityInterceptors(ClientRegistry registry, DaoRegistry daos, FhirContext fhirContext,
                                              AuditTrail audit, SmartConfiguration smartConfiguration, KapGuide guide) {
        return server -> {
            SmartAuthorizationInterceptor authorization = new SmartAuthorizationInterceptor(registry, daos, fhirContext);
            OrganisationWrites writes = new OrganisationWrites(registry, daos, fhirContext);
            server.registerInterceptor(smartConfiguration);
            server.registerInterceptor(new PatchRefusal());
            server.registerInterceptor(new OperationGate(registry, daos, authorization, writes));
            server.registerInterceptor(new SearchTerms(registry, Set.of(ORGANISATION_TAGS)));
            server.registerInterceptor(new PatientContextNarrowing(registry));
            server.registerInterceptor(authorization);
            server.registerInterceptor(new Part2Grant(registry));
            server.registerInterceptor(new ConsentInterceptor(new Part2Consent(registry, audit)));
            server.registerInterceptor(writes);
            server.registerInterceptor(new SharedDefinitions(registry, fhirContext, guide));
            server.registerInterceptor(new DeleteConflicts(registry));
        };
    }
}
