package org.kaphub.fhir;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Search paging limits of the FHIR API. */
@Validated
@ConfigurationProperties("kap.fhir")
record FhirProperties(@DefaultValue("20") @Min(1) int defaultPageSize,
                      @DefaultValue("200") @Min(1) int maxPageSize) {
}
