package org.kaphub.hl7v2;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.ZoneId;
import java.util.Map;

/**
 * How HL7 v2 identifiers become FHIR identifier systems, and the zone of senders' local times.
 *
 * @param identifierSystemBase FHIR identifier system for an assigning authority given only as a local namespace id
 *                             (base + namespace); authorities with an OID, UUID or URI map by themselves
 * @param assigningAuthorities a local namespace id mapped to its FHIR identifier system URI (instead of the base)
 * @param defaultZone          IANA zone (e.g. America/New_York) of senders' times sent without an offset, unless MSH-7
 *                             states another offset; blank: the server's zone
 */
@Validated
@ConfigurationProperties("kap.hl7v2")
record Hl7v2Properties(@DefaultValue("https://kaphub.org/fhir/sid/") @NotBlank
                       @Pattern(regexp = "^(https?://|urn:).*", message = "must be an http(s) URL or a URN")
                       String identifierSystemBase,
                       @DefaultValue Map<String, String> assigningAuthorities,
                       String defaultZone) {

    /** Fails start-up on a zone id Java does not know. */
    ZoneId zone() {
        return defaultZone == null || defaultZone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(defaultZone.trim());
    }
}
