package org.kaphub;

import org.kaphub.support.KapMariaDbIntegrationTest;

@KapMariaDbIntegrationTest
class ActuatorMariaDbIT extends ActuatorContract {
}
