package org.kaphub.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor;
import org.kaphub.audit.AuditTrail;
import org.kaphub.fhir.FhirServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** The FHIR server's side of security: SMART discovery, scope rules, patient-context narrowing, Part 2 consent. */
@Configuration
class FhirSecurityConfig {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    FhirServerCustomizer securityInterceptors(ClientRegistry registry, DaoRegistry daos, FhirContext fhirContext,
                                              AuditTrail audit, SmartConfiguration smartConfiguration) {
        return server -> {
            server.registerInterceptor(smartConfiguration);
            server.registerInterceptor(new PatientContextNarrowing(registry));
            server.registerInterceptor(new SmartAuthorizationInterceptor(registry, daos, fhirContext));
            server.registerInterceptor(new Part2Grant(registry));
            server.registerInterceptor(new ConsentInterceptor(new Part2Consent(registry, audit)));
        };
    }
}
