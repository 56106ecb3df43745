package org.kaphub.scoring;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Score Observations are derived on HAPI's storage interceptors, so REST, transactions and HL7 v2 all get them. */
@Configuration
class ScoringConfig {

    @Bean
    ScoreObservations scoreObservations(Scoring scoring, DaoRegistry daos, IInterceptorService interceptors) {
        ScoreObservations observations = new ScoreObservations(scoring, daos);
        interceptors.registerInterceptor(observations);
        return observations;
    }
}
