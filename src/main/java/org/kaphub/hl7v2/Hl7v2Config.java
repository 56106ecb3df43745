package org.kaphub.hl7v2;

import org.kaphub.hl7v2.mapping.datatype.IdentifierSystems;
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
}
