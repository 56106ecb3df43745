package org.kaphub.delivery.outbox;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.kaphub.delivery.entitlement.Entitlement;
import org.kaphub.partners.PartnerRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class OutboxConfig {

    /** A storage hook on HAPI's JPA interceptor service: HL7 v2 and the server's own writes have no REST request. */
    @Bean
    OutboxWriter outboxWriter(PartnerRegistry registry, Entitlement entitlement, OutboxRows outbox,
                              IInterceptorService interceptors) {
        OutboxWriter writer = new OutboxWriter(registry, entitlement, outbox);
        interceptors.registerInterceptor(writer);
        return writer;
    }
}
