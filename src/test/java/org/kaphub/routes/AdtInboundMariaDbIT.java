package org.kaphub.routes;

import org.kaphub.support.KapMariaDbIntegrationTest;

@KapMariaDbIntegrationTest
class AdtInboundMariaDbIT extends AdtInboundContract {
}
