package org.kaphub.delivery.pull;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import org.kaphub.partners.Partner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * HAPI generic clients for the partners' FHIR endpoints. They have a FhirContext of their own, so their time-outs and
 * the skipped CapabilityStatement check do not change the server's context.
 */
@Component
class PartnerFhirClients {

    private final FhirContext context = FhirContext.forR4();
    private final PartnerAuthorization authorization;

    PartnerFhirClients(PullProperties properties, ObjectProvider<PartnerAuthorization> authorization) {
        this.authorization = authorization.getIfUnique(() -> PartnerAuthorization.NONE);
        IRestfulClientFactory factory = context.getRestfulClientFactory();
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout((int) properties.connectTimeout().toMillis());
        factory.setConnectionRequestTimeout((int) properties.connectTimeout().toMillis());
        factory.setSocketTimeout((int) properties.readTimeout().toMillis());
    }

    IGenericClient forPartner(Partner partner) {
        IGenericClient client = context.newRestfulGenericClient(partner.endpoint());
        authorization.header(partner).ifPresent(value ->
                client.registerInterceptor(new SimpleRequestHeaderInterceptor("Authorization", value)));
        return client;
    }

    FhirContext context() {
        return context;
    }
}
