package org.kaphub.hl7v2;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.ZoneId;
import java.util.Map;

/**
 * How HL7 v2 identifiers become FHIR identifier systems: assigning authorities that carry an OID, UUID or
 * URI map by themselves; local namespace ids map through {@code assigning-authorities}, else to the base.
 * {@code default-zone} (an IANA zone id; blank: the server's zone) is where senders' times without an offset are.
 */
@Validated
@ConfigurationProperties("kap.hl7v2")
record Hl7v2Properties(@NotBlank @Pattern(regexp = "^(https?://|urn:).*", message = "must be an http(s) URL or a URN")
                       String identifierSystemBase,
                       @DefaultValue Map<String, String> assigningAuthorities,
                       String defaultZone) {

    /** Fails start-up on a zone id Java does not know. */
    ZoneId zone() {
        return defaultZone == null || defaultZone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(defaultZone.trim());
    }
}
