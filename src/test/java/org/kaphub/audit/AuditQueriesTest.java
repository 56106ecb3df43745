package org.kaphub.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditQueriesTest {

    @Test
    void searchValuesAreRedactedExceptIdsAndPaging() {
        assertThat(AuditQueries.redact("http://h/fhir/Patient?family=Halvorsen&_count=5&identifier=urn:x%7CMR1&_id=12"))
                .isEqualTo("http://h/fhir/Patient?family=***&_count=5&identifier=***&_id=12");
        assertThat(AuditQueries.redact("GET http://h/fhir/Observation?subject:Patient.name=Sato&patient=Patient/3"))
                .isEqualTo("GET http://h/fhir/Observation?subject:Patient.name=***&patient=Patient/3");
        assertThat(AuditQueries.redact("http://h/fhir/Patient/1")).isEqualTo("http://h/fhir/Patient/1");
    }
}
