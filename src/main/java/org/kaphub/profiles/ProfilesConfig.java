package org.kaphub.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.kaphub.fhir.FhirServerCustomizer;
import org.kaphub.scoring.Scoring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The KAP guide, and its enforcement on HAPI's storage interceptors: the validator is HAPI's instance validator
 * over its JPA validation-support chain (cached, no network: codes are checked against the ValueSets we hold).
 */
@Configuration
class ProfilesConfig {

    private static final Logger log = LoggerFactory.getLogger(ProfilesConfig.class);
    private static final int VALIDATOR_POOL = 16;

    @Bean
    KapGuide kapGuide(FhirContext fhirContext) {
        return KapGuide.load(fhirContext);
    }

    /** A REST-layer hook: registered on the FHIR server itself. */
    @Bean
    FhirServerCustomizer supportedProfiles(KapGuide guide) {
        return server -> server.registerInterceptor(new SupportedProfiles(guide));
    }

    /** On $validate as on every write; independent of kap.profiles.enforce. */
    @Bean
    KapRules kapRules(FhirContext fhirContext, Scoring scoring, IInterceptorService interceptors) {
        KapRules rules = new KapRules(fhirContext, scoring);
        interceptors.registerInterceptor(rules);
        return rules;
    }

    @Bean
    ProfileEnforcement profileEnforcement(FhirContext fhirContext, IValidationSupport validationSupport,
            IInterceptorService interceptors, ProfileProperties properties) {
        // HAPI's instance validator over its (cached) JPA validation-support chain, but without HAPI's JPA resource
        // fetcher: that one reads every referenced resource from the database during validation, while HAPI's own
        // referential-integrity check on write already refuses dangling references. Its core validators are reused
        // (see ReusingInstanceValidator); the pool keeps as many as requests that validate at once, within reason.
        FhirInstanceValidator instanceValidator = new ReusingInstanceValidator(validationSupport, VALIDATOR_POOL);
        FhirValidator validator = fhirContext.newValidator();
        validator.registerValidatorModule(instanceValidator);
        // VALIDATION_COMPLETED hooks (KapRules) then apply to writes as they do to $validate
        validator.setInterceptorBroadcaster(interceptors);
        ProfileEnforcement enforcement = new ProfileEnforcement(fhirContext, validator);
        if (properties.enforce()) {
            interceptors.registerInterceptor(enforcement);
        } else {
            log.warn("KAP profile enforcement is OFF (kap.profiles.enforce=false): writes are not validated");
        }
        return enforcement;
    }
}
