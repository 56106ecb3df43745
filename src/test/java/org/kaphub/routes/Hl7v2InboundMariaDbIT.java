package org.kaphub.routes;

import org.kaphub.support.KapMariaDbIntegrationTest;

@KapMariaDbIntegrationTest
class Hl7v2InboundMariaDbIT extends Hl7v2InboundContract {
}
