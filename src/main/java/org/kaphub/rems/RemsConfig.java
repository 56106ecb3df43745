package org.kaphub.rems;

import org.kaphub.fhir.FhirServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Adds $rems-report to the FHIR API; it then appears in the CapabilityStatement like HAPI's own operations. */
@Configuration
class RemsConfig {

    @Bean
    FhirServerCustomizer remsReportOperation(RemsReportProvider provider) {
        return server -> server.registerProvider(provider);
    }
}
