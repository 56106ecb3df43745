package org.kaphub.routes;

import org.kaphub.support.KapIntegrationTest;

@KapIntegrationTest
class Hl7v2InboundH2IT extends Hl7v2InboundContract {
}
