package org.kaphub.rems;

import org.kaphub.support.KapIntegrationTest;

@KapIntegrationTest
class RemsReportH2IT extends RemsReportContract {
}
