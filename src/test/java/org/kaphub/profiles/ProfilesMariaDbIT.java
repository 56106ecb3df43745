package org.kaphub.profiles;

import org.kaphub.support.KapMariaDbIntegrationTest;

@KapMariaDbIntegrationTest
class ProfilesMariaDbIT extends ProfilesContract {
}
