package org.kaphub.rems;

import org.kaphub.support.KapMariaDbIntegrationTest;

@KapMariaDbIntegrationTest
class RemsReportMariaDbIT extends RemsReportContract {
}
