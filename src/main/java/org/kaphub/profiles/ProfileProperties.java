package org.kaphub.profiles;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Validation of writes against the KAP implementation guide.
 *
 * @param enforce validate every write of the KAP resource types against its profile (and every resource that declares
 *                a profile); off only to measure what validation costs (bench/)
 */
@ConfigurationProperties("kap.profiles")
record ProfileProperties(@DefaultValue("true") boolean enforce) {
}
