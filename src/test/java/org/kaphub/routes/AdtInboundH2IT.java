package org.kaphub.routes;

import org.kaphub.support.KapIntegrationTest;

@KapIntegrationTest
class AdtInboundH2IT extends AdtInboundContract {
}
