package org.kaphub.hl7v2;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.r4.model.Questionnaire;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.CodeDisplays;
import org.kaphub.hl7v2.mapping.Instruments;
import org.kaphub.hl7v2.mapping.MappingContext;
import org.kaphub.hl7v2.mapping.message.MessageMappers;
import org.kaphub.profiles.KapGuide;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The HL7 v2 parser, ACK builder and identifier-system map shared by every inbound route. */
@Configuration
class Hl7v2Config {

    @Bean
    Hl7v2Parser hl7v2Parser() {
        return new Hl7v2Parser();
    }

    @Bean
    Acks acks(Hl7v2Parser parser) {
        return new Acks(parser);
    }

    @Bean
    IdentifierSystems identifierSystems(Hl7v2Properties properties) {
        return new IdentifierSystems(properties.identifierSystemBase(), properties.assigningAuthorities());
    }

    /** One mapper per inbound message type (ADT, SIU, RDE/OMP, RAS, ORU, MDM). */
    @Bean
    MessageMappers messageMappers() {
        return MessageMappers.standard();
    }

    /** The code systems' displays for mapped codings: from the validation support the validator uses. */
    @Bean
    CodeDisplays codeDisplays(FhirContext fhirContext, IValidationSupport validationSupport) {
        return new CodeDisplays(fhirContext, validationSupport);
    }

    /** The rating-scale panels an ORU may carry are the KAP guide's own Questionnaires. */
    @Bean
    MappingContext mappingContext(IdentifierSystems systems, KapGuide guide, Hl7v2Properties properties) {
        List<Questionnaire> questionnaires = guide.conformanceResources().stream()
                .filter(Questionnaire.class::isInstance).map(Questionnaire.class::cast).toList();
        return new MappingContext(systems, new Instruments(questionnaires), properties.zone());
    }
}
