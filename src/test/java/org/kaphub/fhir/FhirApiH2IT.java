package org.kaphub.fhir;

import org.kaphub.support.KapIntegrationTest;

@KapIntegrationTest
class FhirApiH2IT extends FhirApiContract {
}
