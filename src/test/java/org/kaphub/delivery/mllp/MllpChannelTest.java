package org.kaphub.delivery.mllp;

import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.building.Receiver;
import org.kaphub.partners.Hl7v2Out;
import org.kaphub.partners.Partner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How a partner's registry entry becomes the builders' Receiver, and what of an ACK is kept; no sockets. */
class MllpChannelTest {

    final MllpChannel channel = new MllpChannel(null, null, new MllpOutProperties("KAPHUB", "KAPHUB^2.16.840.1.113883.3.9999^ISO",
            Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));

    @Test
    void theReceiverSpeaksThePartnersVersionAndItsOwnNamespaceIds() {
        Partner partner = partner(Map.of("MAPLE", "urn:oid:1.2.3", "MAPLE-OLD", "urn:oid:1.2.3", "LAB", "https://lab.example/id"),
                new Hl7v2Out("2.3", null, "KAPCLINIC", "SUNRISE", "MAPLE", "8859/1", Hl7v2Out.ApplicationErrorPolicy.RETRY, null));
        Receiver receiver = channel.receiver(partner, partner.hl7v2Out());
        assertThat(receiver.version()).isEqualTo("2.3");
        assertThat(receiver.sendingApplication()).isEqualTo("KAPHUB"); // KAP Hub's own where the entry names none
        assertThat(receiver.sendingFacility()).isEqualTo("KAPCLINIC");
        assertThat(receiver.receivingApplication()).isEqualTo("SUNRISE");
        assertThat(receiver.receivingFacility()).isEqualTo("MAPLE");
        assertThat(receiver.characterSet()).isEqualTo("8859/1");
        // the inverse of assigning-authority-namespaces; two ids for one system: the first in sort order
        assertThat(receiver.namespaces()).isEqualTo(Map.of("urn:oid:1.2.3", "MAPLE", "https://lab.example/id", "LAB"));
    }

    @Test
    void thePartnersCharacterSetIsHowTheBytesAreEncoded() {
        assertThat(MllpChannel.charset(null)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(MllpChannel.charset("ASCII")).isEqualTo(StandardCharsets.US_ASCII);
        assertThat(MllpChannel.charset("8859/1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(MllpChannel.charset("UNICODE UTF-8")).isEqualTo(StandardCharsets.UTF_8);
        Hl7v2Out.CHARACTER_SETS.forEach(set -> assertThat(MllpChannel.charset(set)).isNotNull());
    }

    @Test
    void theMsaAndErrOfAnAckAreKept() {
        String ack = "MSH|^~\\&|EHR|MAPLE|KAPHUB|KAPHUB|20250101120000||ACK^A04^ACK|A1|P|2.5.1\r"
                + "MSA|AE|KH12\rERR|^^^207&Application internal error&HL70357|||E\r";
        assertThat(MllpChannel.msaAndErr(ack)).isEqualTo("MSA|AE|KH12\rERR|^^^207&Application internal error&HL70357|||E");
        assertThat(MllpChannel.msaAndErr(null)).isNull();
        assertThat(MllpChannel.msaAndErr("garbage")).isNull();
    }

    @Test
    void theRegistryKnowsTheVersionsTheBuildersBuild() {
        assertThat(Hl7v2Out.VERSIONS).isEqualTo(Receiver.VERSIONS);
    }

    private static Partner partner(Map<String, String> namespaces, Hl7v2Out out) {
        return new Partner("maple", "Maple", Partner.Kind.CLINIC, Partner.Protocol.HL7V2_MLLP, "mllp://127.0.0.1:9",
                Set.of("Patient"), false, true, Set.of(), List.of(), Set.of(), List.of(), List.of(), Set.of(), namespaces,
                null, null, out);
    }
}
