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

    @Test
    void pageIdsAreRedactedAndThePagesOwnParametersKept() {
        assertThat(AuditQueries.redact("http://h/fhir/Patient?family=Sato&_getpages=4f1c2a9e-0d7b-4c55-9c1e-7d0c3f1b2a11&_getpagesoffset=20&_count=20&_bundletype=searchset"))
                .isEqualTo("http://h/fhir/Patient?family=***&_getpages=***&_getpagesoffset=20&_count=20&_bundletype=searchset");
        assertThat(AuditQueries.redact("http://h/fhir?_pageId=abc&_getpages=4f1c")).isEqualTo("http://h/fhir?_pageId=***&_getpages=***");
    }
}
