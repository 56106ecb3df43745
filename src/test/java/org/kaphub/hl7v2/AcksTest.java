package org.kaphub.hl7v2;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.message.ACK;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.PARSER;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.read;

class AcksTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final Acks acks = new Acks(PARSER);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "adt-a04-v23.hl7,  2.3,   A04, MSG-23-0001,  P, EPICADT, NORTHCLINIC",
            "adt-a04-v251.hl7, 2.5.1, A04, MSG-251-0002, T, REGADT,  SOUTHCLINIC",
            "adt-a04-v28.hl7,  2.8,   A04, MSG-28-0003,  P, ORCHARD, ORCHARD HEALTH",
            "adt-a08-v28.hl7,  2.8,   A08, MSG-A08-0004, P, REGADT,  SOUTHCLINIC",
            // parsed into a GenericMessage (see Hl7v2ParserTest): the ACK must not care
            "adt-a04-v24-explicit-structure.hl7, 2.4, A04, MSG-24-0005, P, LABADT, EASTCLINIC",
    })
    void acceptAnswersInTheSendersVersionAndSwapsSenderAndReceiver(String fixture, String version, String event,
                                                                   String controlId, String processingId,
                                                                   String sendingApp, String sendingFacility) throws HL7Exception {
        String ack = acks.accept(parseFixture(fixture));

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AA");
        assertThat(t.get("/MSA-2")).isEqualTo(controlId);
        assertThat(t.get("/MSH-12")).isEqualTo(version);
        assertThat(t.get("/MSH-11")).isEqualTo(processingId);
        assertThat(t.get("/MSH-9-1")).isEqualTo("ACK");
        assertThat(t.get("/MSH-9-2")).isEqualTo(event);
        assertThat(t.get("/MSH-9-3")).isEqualTo("ACK");
        assertThat(t.get("/MSH-3-1")).isEqualTo("KAPHUB");
        assertThat(t.get("/MSH-4-1")).isEqualTo("KAP");
        assertThat(t.get("/MSH-5-1")).isEqualTo(sendingApp);
        assertThat(t.get("/MSH-6-1")).isEqualTo(sendingFacility);
        assertThat(t.get("/MSH-10")).matches(UUID).isNotEqualTo(controlId);
        assertThat(t.get("/MSH-7")).matches("\\d{14}\\.\\d{3}[+-]\\d{4}");
        assertThat(ack).doesNotContain("\n").doesNotContain("ERR|").endsWith("\r");
    }

    @Test
    void acceptCopiesWholeHdsAndTheProcessingMode() throws HL7Exception {
        Terser v28 = terser(acks.accept(parseFixture("adt-a04-v28.hl7")));
        Terser v23 = terser(acks.accept(parseFixture("adt-a04-v23.hl7")));

        assertThat(v28.get("/MSH-5-2")).isEqualTo("https://orchard.example.org/apps/adt");
        assertThat(v28.get("/MSH-5-3")).isEqualTo("URI");
        assertThat(v28.get("/MSH-11-2")).isEqualTo("T");
        assertThat(v23.get("/MSH-6-2")).isEqualTo("2.16.840.1.113883.19.4.6");
        assertThat(v23.get("/MSH-6-3")).isEqualTo("ISO");
    }

    @Test
    void everyAckGetsItsOwnControlId() throws HL7Exception {
        Message in = parseFixture("adt-a04-v251.hl7");

        assertThat(terser(acks.accept(in)).get("/MSH-10")).isNotEqualTo(terser(acks.accept(in)).get("/MSH-10"));
    }

    @Test
    void mappingErrorGivesAeWithLocationCodeSeverityAndText() throws HL7Exception {
        MappingException e = new MappingException(ErrorCode.REQUIRED_FIELD_MISSING,
                ErrorLocation.segment("PID", 1).atField(3), "PID-3 patient identifier list is empty");

        String ack = acks.error(parseFixture("adt-a04-v23.hl7"), e);

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AE");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-23-0001");
        assertThat(t.get("/MSH-12")).isEqualTo("2.3");
        assertThat(ack).contains("\rERR||PID^1^3|101^Required field missing^HL70357|E||||PID-3 patient identifier list is empty\r");
        assertThat(t.get("/ERR-4")).isEqualTo("E");
        assertThat(t.get("/ERR-8")).isEqualTo("PID-3 patient identifier list is empty");
    }

    @Test
    void mappingErrorAckNamesTheFieldButNeverItsValue() throws HL7Exception {
        Message in = PARSER.parse(read("adt-a04-v23.hl7").replace("|19750312^D|", "|1975XX12|"));
        MappingException e = catchThrowableOfType(() -> Hl7v2Fixtures.map(in), MappingException.class);

        String ack = acks.error(in, e);

        Terser t = terser(ack);
        assertThat(t.get("/ERR-2-1")).isEqualTo("PID");
        assertThat(t.get("/ERR-2-2")).isEqualTo("1");
        assertThat(t.get("/ERR-2-3")).isEqualTo("7");
        assertThat(t.get("/ERR-3-1")).isEqualTo("102");
        assertThat(t.get("/ERR-3-2")).isEqualTo("Data type error");
        assertThat(ack).doesNotContain("1975XX12", "ALVAREZ", "MARIA", "100234", "SPRINGFIELD");
    }

    @Test
    void componentLevelLocationsFillErl4AndErl5() throws HL7Exception {
        MappingException e = new MappingException(ErrorCode.REQUIRED_FIELD_MISSING,
                ErrorLocation.segment("PID", 1).atField(3).atRepetition(2).atComponent(4), "Assigning authority missing");

        Terser t = terser(acks.error(parseFixture("adt-a04-v28.hl7"), e));

        assertThat(t.get("/ERR-2-4")).isEqualTo("2");
        assertThat(t.get("/ERR-2-5")).isEqualTo("4");
    }

    @Test
    void storageFailureGivesAeWithoutLocation() throws HL7Exception {
        String ack = acks.error(parseFixture("adt-a04-v251.hl7"), 207, "Storage unavailable (SQLException); resend later");

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AE");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-251-0002");
        assertThat(t.get("/ERR-2-1")).isNull();
        assertThat(ack).contains("\rERR|||207^Application internal error^HL70357|E||||Storage unavailable (SQLException); resend later\r");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "garbage", "   \r\n", "PID|1||123^^^H||DOE\rMSH|^~\\&|A|B|C|D|20240101||ADT^A04|X1|P|2.5",
            // wrong encoding characters: PreParser would read fields from the wrong positions, so only MSH-10 (a whole
            // field, split on MSH-1 alone) is echoed — the sender can still match the AR to what it sent
            "MSH|^~|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-9|P|2.3\rPID|1||1^^^H",
            "MSH|ABCD|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-9|P|2.3",
            "MSH|^^\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-9|P|2.3"})
    void unreadableInputGetsArWithEmptyHeaderAndCode100(String raw) throws HL7Exception {
        String ack = acks.reject(raw, "Message could not be read");

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo(raw != null && raw.startsWith("MSH|") ? "MSG-9" : null);
        assertThat(t.get("/MSH-3")).isNull();
        assertThat(t.get("/MSH-4")).isNull();
        assertThat(t.get("/MSH-5")).isNull();
        assertThat(t.get("/MSH-6")).isNull();
        assertThat(t.get("/MSH-9")).isEqualTo("ACK");
        assertThat(t.get("/MSH-10")).matches(UUID);
        assertThat(t.get("/MSH-12")).isEqualTo("2.8");
        assertThat(t.get("/ERR-2-1")).isNull();
        assertThat(t.get("/ERR-3-1")).isEqualTo("100");
        assertThat(t.get("/ERR-3-3")).isEqualTo("HL70357");
        assertThat(t.get("/ERR-8")).isEqualTo("Message could not be read");
    }

    @Test
    void unknownVersionGetsAr203WithTheHeaderReadFromTheRawText() throws HL7Exception {
        String raw = read("adt-a04-v23.hl7").replace("|P|2.3", "|P|2.9");

        String ack = acks.reject(raw, "Unsupported HL7 version");

        assertThat(mshField(ack, 12)).isEqualTo("2.9");
        Terser t = terser(ack.replace("|2.9\r", "|2.8\r")); // our own parser refuses 2.9; the sender speaks it

        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-23-0001");
        assertThat(t.get("/MSH-11")).isEqualTo("P");
        assertThat(t.get("/MSH-9-2")).isEqualTo("A04");
        assertThat(t.get("/MSH-3")).isEqualTo("KAPHUB");
        assertThat(t.get("/MSH-4")).isEqualTo("KAP");
        assertThat(t.get("/MSH-5")).isEqualTo("EPICADT");
        assertThat(t.get("/MSH-6-1")).isEqualTo("NORTHCLINIC");
        assertThat(t.get("/MSH-6-2")).isEqualTo("2.16.840.1.113883.19.4.6");
        assertThat(t.get("/MSH-6-3")).isEqualTo("ISO");
        assertThat(t.get("/ERR-2-1")).isEqualTo("MSH");
        assertThat(t.get("/ERR-2-3")).isEqualTo("12");
        assertThat(t.get("/ERR-3-1")).isEqualTo("203");
    }

    @Test
    void missingVersionGetsAr101AtMsh12() throws HL7Exception {
        String raw = "MSH|^~\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-7|P\rPID|1||1^^^H";

        Terser t = terser(acks.reject(raw, "MSH-12 missing"));

        assertThat(t.get("/MSA-2")).isEqualTo("MSG-7");
        assertThat(t.get("/MSH-12")).isEqualTo("2.8");
        assertThat(t.get("/ERR-2-3")).isEqualTo("12");
        assertThat(t.get("/ERR-3-1")).isEqualTo("101");
    }

    @Test
    void incompleteMessageTypeGetsAr200AtMsh9() throws HL7Exception {
        String raw = "MSH|^~\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT|MSG-8|P|2.5\rPID|1||1^^^H";

        Terser t = terser(acks.reject(raw, "MSH-9 incomplete"));

        assertThat(t.get("/MSA-2")).isEqualTo("MSG-8");
        assertThat(t.get("/ERR-2-3")).isEqualTo("9");
        assertThat(t.get("/ERR-3-1")).isEqualTo("200");
    }

    @Test
    void parseableButRefusedMessageGetsAr200() throws HL7Exception {
        Terser t = terser(acks.reject(read("adt-a04-v251.hl7").replace("ADT^A04^ADT_A01", "ADT^A01^ADT_A01"),
                "Unsupported message type on this listener"));

        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-251-0002");
        assertThat(t.get("/MSH-12")).isEqualTo("2.5.1");
        assertThat(t.get("/MSH-11")).isEqualTo("T");
        assertThat(t.get("/ERR-2-3")).isEqualTo("9");
        assertThat(t.get("/ERR-3-1")).isEqualTo("200");
    }

    @Test
    void callerChosenCodeGetsItsMsh9Component() throws HL7Exception {
        Terser t = terser(acks.reject(read("adt-a04-v251.hl7"), 201, "Only A04 and A08 on this listener"));

        assertThat(t.get("/ERR-2-1")).isEqualTo("MSH");
        assertThat(t.get("/ERR-2-3")).isEqualTo("9");
        assertThat(t.get("/ERR-2-5")).isEqualTo("2");
        assertThat(t.get("/ERR-3-1")).isEqualTo("201");
        assertThat(t.get("/ERR-3-2")).isEqualTo("Unsupported event code");
    }

    @Test
    void escapedHeaderValuesInRawTextAreDecodedOnceNotTwice() throws HL7Exception {
        String raw = "MSH|^~\\&|APP\\T\\ONE|FAC|KAPHUB|KAP|20240305||ADT^A04|MSG-\\F\\1|P|2.9";

        String ack = acks.reject(raw, "Unsupported HL7 version");

        Terser t = terser(ack.replace("|2.9\r", "|2.8\r"));
        assertThat(t.get("/MSH-5")).isEqualTo("APP&ONE");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-|1");
        assertThat(ack).contains("|APP\\T\\ONE|").contains("|MSG-\\F\\1");
    }

    /** MSH-n as sent, for values our parser would not accept back. */
    private static String mshField(String ack, int position) {
        return ack.substring(0, ack.indexOf('\r')).split("\\|", -1)[position - 1];
    }

    private static Terser terser(String ack) throws HL7Exception {
        Message message = PARSER.parse(ack);
        assertThat(message).isExactlyInstanceOf(ACK.class);
        return new Terser(message);
    }
}
