package org.kaphub.fhir;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Search paging limits of the FHIR API.
 *
 * @param defaultPageSize entries per search page when the client asks for no _count
 * @param maxPageSize     most entries per search page, whatever _count asks for
 */
@Validated
@ConfigurationProperties("kap.fhir")
record FhirProperties(@DefaultValue("20") @Min(1) int defaultPageSize,
                      @DefaultValue("200") @Min(1) int maxPageSize) {

    @AssertTrue(message = "max-page-size must not be smaller than default-page-size")
    boolean isMaxAtLeastDefault() {
        return maxPageSize >= defaultPageSize;
    }
}
