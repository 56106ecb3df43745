package org.kaphub.partners;

import java.util.Set;

/**
 * How KAP Hub speaks HL7 v2 to a partner that receives over MLLP (registry key {@code hl7v2-out}; README "Partner
 * registry"). Absent keys take the defaults: version 2.5.1, KAP Hub's own sending application and facility (the
 * delivery properties), no receiving application or facility, no MSH-18, AE dead-lettered, plain MLLP.
 *
 * @param version              MSH-12, one of {@link #VERSIONS}
 * @param sendingApplication   MSH-3 as ER7 HD components; null: KAP Hub's own
 * @param sendingFacility      MSH-4, likewise
 * @param receivingApplication MSH-5 as ER7 HD components; null: empty
 * @param receivingFacility    MSH-6, likewise
 * @param characterSet         MSH-18, one of {@link #CHARACTER_SETS}; null: none sent, the bytes are UTF-8
 * @param onApplicationError   what an AE reply does to the delivery
 * @param tls                  MLLP over TLS to the partner; null: plain MLLP
 */
public record Hl7v2Out(String version,
                       String sendingApplication,
                       String sendingFacility,
                       String receivingApplication,
                       String receivingFacility,
                       String characterSet,
                       ApplicationErrorPolicy onApplicationError,
                       Tls tls) {

    public static final String DEFAULT_VERSION = "2.5.1";
    /** The versions KAP Hub builds (the same as hl7v2.building.Receiver's; a test holds them equal). */
    public static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8");
    /** MSH-18 values (HL7 table 0211) KAP Hub can encode. */
    public static final Set<String> CHARACTER_SETS = Set.of("ASCII", "8859/1", "UNICODE UTF-8");

    /**
     * An AE reply ("application error"). YAML spelling: retry | dead-letter. Default DEAD_LETTER: receivers answer AE
     * mostly for content they cannot process (an unknown code, a missing field), which the same bytes sent again do
     * not change, and a retried row holds every later row of its patient back until it gives up; a dead letter is
     * visible at once and replayed once the partner has fixed its side. A partner that answers AE for passing trouble
     * (its database down) is configured with retry.
     */
    public enum ApplicationErrorPolicy { RETRY, DEAD_LETTER }

    /**
     * @param truststore         PKCS#12 file with the CA(s) of the partner's server certificate; null: the JVM's
     * @param truststorePassword where its password is (registry {@code truststore-password}, {@code -env}, {@code -file})
     * @param keystore           PKCS#12 file with KAP Hub's client key and certificate (mutual TLS); null: none shown
     * @param keystorePassword   where its password (and the key's) is, likewise
     */
    public record Tls(String truststore, OutboundAuth.Secret truststorePassword, String keystore,
                      OutboundAuth.Secret keystorePassword) {
    }

    /** Every default. */
    public static Hl7v2Out defaults() {
        return new Hl7v2Out(DEFAULT_VERSION, null, null, null, null, null, ApplicationErrorPolicy.DEAD_LETTER, null);
    }
}
