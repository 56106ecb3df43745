package org.kaphub.ownership;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.kaphub.partners.PartnerRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OwnershipConfig {

    /** A storage hook: registered on HAPI's JPA interceptor service, so HL7 v2 writes (no REST request) pass it too. */
    @Bean
    OrganisationWrites organisationWrites(FhirContext fhir, DaoRegistry daos, SensitiveRecords labels,
                                          PartnerRegistry registry, IInterceptorService interceptors) {
        OrganisationWrites writes = new OrganisationWrites(fhir, daos, labels, registry);
        interceptors.registerInterceptor(writes);
        return writes;
    }
}
