package org.kaphub;

import org.kaphub.support.KapIntegrationTest;

@KapIntegrationTest
class ActuatorH2IT extends ActuatorContract {
}
