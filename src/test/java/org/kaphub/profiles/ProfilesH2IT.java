package org.kaphub.profiles;

import org.kaphub.support.KapIntegrationTest;

@KapIntegrationTest
class ProfilesH2IT extends ProfilesContract {
}
