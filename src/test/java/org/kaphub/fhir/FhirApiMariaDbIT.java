package org.kaphub.fhir;

import org.kaphub.support.KapMariaDbIntegrationTest;

@KapMariaDbIntegrationTest
class FhirApiMariaDbIT extends FhirApiContract {
}
