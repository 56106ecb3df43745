package org.kaphub.partners;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class PartnersConfig {

    /** Stage 1: the registry in memory only (tables and Organizations follow). */
    @Bean
    PartnerStore partnerStore() {
        return partners -> { };
    }
}
