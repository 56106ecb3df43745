package org.kaphub.ownership;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OwnershipConfig {

    /** A storage hook: registered on HAPI's JPA interceptor service, so HL7 v2 writes (no REST request) pass it too. */
    @Bean
    PartnerWrites partnerWrites(FhirContext fhir, DaoRegistry daos, IInterceptorService interceptors) {
        PartnerWrites writes = new PartnerWrites(fhir, daos);
        interceptors.registerInterceptor(writes);
        return writes;
    }
}
