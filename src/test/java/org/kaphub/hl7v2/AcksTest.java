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
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.inbound.MessageTooLargeException;
import org.kaphub.hl7v2.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.PARSER;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.read;

class AcksTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String OID = "2.16.840.1.113883.3.1";
    /** The v2.5.1 fixture's sender, identified by OID as many interface engines do. */
    private static final String V251_WITH_OIDS = read("adt-a04-v251.hl7")
            .replace("|REGADT|SOUTHCLINIC|KAPHUB|KAP|", "|REGADT^" + OID + "^ISO|SOUTHCLINIC^" + OID + ".7^ISO|KAPHUB|KAP^"
                    + OID + ".9^ISO|");

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
    void ackAnswersAaInTheSendersVersionAndSwapsSenderAndReceiver(String fixture, String version, String event,
                                                                 String controlId, String processingId,
                                                                 String sendingApp, String sendingFacility) throws HL7Exception {
        String ack = acks.ack(parseFixture(fixture));

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
        assertThat(t.get("/MSH-7")).matches("\\d{14}(\\.\\d{1,4})?[+-]\\d{4}");
        assertThat(ack).doesNotContain("\n").doesNotContain("ERR|").endsWith("\r");
    }

    /** HAPI copies the first component of MSH-3..6 and MSH-11 only: an OID-identified sender lost its OID. */
    @Test
    void everyAnswerCopiesTheWholeHdsAndTheProcessingMode() throws HL7Exception {
        Message v251 = PARSER.parse(V251_WITH_OIDS);
        MappingException mapping = new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, Locations.field("PID", 1, 3), "x");

        for (String ack : new String[] {acks.ack(v251), acks.ack(v251, mapping),
                acks.reject(V251_WITH_OIDS, new MessageTooLargeException(10, 5))}) {
            assertThat(mshField(ack, 3)).isEqualTo("KAPHUB");
            assertThat(mshField(ack, 4)).isEqualTo("KAP^" + OID + ".9^ISO");
            assertThat(mshField(ack, 5)).isEqualTo("REGADT^" + OID + "^ISO");
            assertThat(mshField(ack, 6)).isEqualTo("SOUTHCLINIC^" + OID + ".7^ISO");
            assertThat(mshField(ack, 12)).isEqualTo("2.5.1");
        }
        Terser v28 = terser(acks.ack(parseFixture("adt-a04-v28.hl7")));
        Terser v23 = terser(acks.ack(parseFixture("adt-a04-v23.hl7")));
        assertThat(v28.get("/MSH-5-2")).isEqualTo("https://orchard.example.org/apps/adt");
        assertThat(v28.get("/MSH-5-3")).isEqualTo("URI");
        assertThat(v28.get("/MSH-11-2")).isEqualTo("T");
        assertThat(v23.get("/MSH-6-2")).isEqualTo("2.16.840.1.113883.19.4.6");
        assertThat(v23.get("/MSH-6-3")).isEqualTo("ISO");
    }

    @Test
    void everyAckGetsItsOwnControlId() throws HL7Exception {
        Message in = parseFixture("adt-a04-v251.hl7");

        assertThat(terser(acks.ack(in)).get("/MSH-10")).isNotEqualTo(terser(acks.ack(in)).get("/MSH-10"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "adt-a04-v23.hl7,  2.3,   MSG-23-0001",
            "adt-a04-v251.hl7, 2.5.1, MSG-251-0002",
            "adt-a04-v28.hl7,  2.8,   MSG-28-0003",
    })
    void mappingErrorGivesAeWithLocationCodeSeverityAndText(String fixture, String version, String controlId)
            throws HL7Exception {
        MappingException e = new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, Locations.field("PID", 1, 3),
                "PID-3 patient identifier list is empty");

        String ack = acks.ack(parseFixture(fixture), e);

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AE");
        assertThat(t.get("/MSA-2")).isEqualTo(controlId);
        assertThat(t.get("/MSH-12")).isEqualTo(version);
        // ERR-3.9 is HAPI's: the exception's message with its location
        assertThat(segment(ack, "ERR")).isEqualTo("ERR||PID^1^3|101^Required field missing^HL70357^^^^^^"
                + "PID-3 patient identifier list is empty at PID(1)-3(0)|E||||PID-3 patient identifier list is empty");
        assertThat(t.get("/ERR-4")).isEqualTo("E");
        assertThat(t.get("/ERR-8")).isEqualTo("PID-3 patient identifier list is empty");
    }

    @Test
    void mappingErrorAckNamesTheFieldButNeverItsValue() throws HL7Exception {
        Message in = PARSER.parse(read("adt-a04-v23.hl7").replace("|19750312^D|", "|1975XX12|"));
        MappingException e = catchThrowableOfType(() -> Hl7v2Fixtures.map(in), MappingException.class);

        String ack = acks.ack(in, e);

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
                Locations.component(Locations.repetition(Locations.field("PID", 1, 3), 2), 4), "Assigning authority missing");

        String ack = acks.ack(parseFixture("adt-a04-v28.hl7"), e);

        assertThat(field(segment(ack, "ERR"), 2)).isEqualTo("PID^1^3^2^4");
    }

    @Test
    void storageFailureGivesAeWithoutLocation() throws HL7Exception {
        HL7Exception storage = new HL7Exception("Storage unavailable (SQLException); resend later",
                ErrorCode.APPLICATION_INTERNAL_ERROR);

        String ack = acks.ack(parseFixture("adt-a04-v251.hl7"), storage);

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AE");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-251-0002");
        assertThat(t.get("/MSH-12")).isEqualTo("2.5.1");
        assertThat(segment(ack, "ERR")).isEqualTo("ERR|||207^Application internal error^HL70357^^^^^^"
                + "Storage unavailable (SQLException); resend later|E||||Storage unavailable (SQLException); resend later");
    }

    @Test
    void aRejectedMessageGetsArWithItsCodeAndLocation() throws HL7Exception {
        MessageRejectedException e = new UnparseableMessageException(ErrorCode.UNSUPPORTED_EVENT_CODE,
                Locations.component(Locations.field("MSH", 1, 9), 2), "Only A04 and A08 on this listener");

        String ack = acks.ack(parseFixture("adt-a04-v251.hl7"), e);

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-251-0002");
        assertThat(t.get("/MSH-11")).isEqualTo("T");
        assertThat(field(segment(ack, "ERR"), 2)).isEqualTo("MSH^1^9^^2");
        assertThat(t.get("/ERR-3-1")).isEqualTo("201");
        assertThat(t.get("/ERR-3-2")).isEqualTo("Unsupported event code");
        assertThat(t.get("/ERR-8")).isEqualTo("Only A04 and A08 on this listener");
    }

    /** The raw path for each version: a too-large message is never parsed, its MSH still addresses the AR. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "adt-a04-v23.hl7,  2.3,   MSG-23-0001,  P, EPICADT|NORTHCLINIC^2.16.840.1.113883.19.4.6^ISO",
            "adt-a04-v251.hl7, 2.5.1, MSG-251-0002, T, REGADT|SOUTHCLINIC",
            "adt-a04-v28.hl7,  2.8,   MSG-28-0003,  P^T, ORCHARD^https://orchard.example.org/apps/adt^URI|ORCHARD HEALTH",
    })
    void tooLargeGivesAr104FromTheRawText(String fixture, String version, String controlId, String processing,
                                          String sender) throws HL7Exception {
        String ack = acks.reject(read(fixture), new MessageTooLargeException(2_000_000, 1_048_576));

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo(controlId);
        assertThat(t.get("/MSH-12")).isEqualTo(version);
        assertThat(mshField(ack, 11)).isEqualTo(processing);
        assertThat(mshField(ack, 5) + "|" + mshField(ack, 6)).isEqualTo(sender);
        assertThat(t.get("/MSH-9-2")).isEqualTo("A04");
        assertThat(t.get("/ERR-2-1")).isNull();
        assertThat(t.get("/ERR-3-1")).isEqualTo("104");
        assertThat(t.get("/ERR-3-2")).isEqualTo("Value too long");
        assertThat(t.get("/ERR-3-3")).isEqualTo("HL70357");
        assertThat(t.get("/ERR-4")).isEqualTo("E");
        assertThat(t.get("/ERR-8")).isEqualTo("Message too large: 2000000 bytes, the limit is 1048576 bytes "
                + "(the journal keeps the first 1048576)");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "MS", "garbage", "   \r\n", "PID|1||123^^^H||DOE\rMSH|^~\\&|A|B|C|D|20240101||ADT^A04|X1|P|2.5",
            "MSH|^~\\&|A|B|C|D|20240101"})
    void inputWithoutAReadableMshGetsArWithAnEmptyHeader(String raw) throws HL7Exception {
        String ack = acks.reject(raw, UnparseableMessageException.noMessage());

        Terser t = terser(ack);
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isNull();
        assertThat(ack).startsWith("MSH|^~\\&|||||");
        assertThat(t.get("/MSH-9")).isEqualTo("ACK");
        assertThat(t.get("/MSH-10")).matches(UUID);
        assertThat(t.get("/MSH-12")).isEqualTo("2.8");
        assertThat(t.get("/ERR-2-1")).isNull();
        assertThat(t.get("/ERR-3-1")).isEqualTo("100");
        assertThat(t.get("/ERR-3-3")).isEqualTo("HL70357");
        assertThat(t.get("/ERR-8")).isEqualTo(UnparseableMessageException.noMessage().getMessage());
    }

    /**
     * Wrong encoding characters: HAPI's critical data (read by field separator alone) still gives MSH-10, MSH-11 and
     * MSH-12 where it can, so the sender can match the AR to what it sent; nothing is read by component.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "MSH|^~|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-9|P|2.3\\rPID|1||1^^^H, 2.8",
            "MSH|ABCD|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-9|P|2.3, 2.3",
            "MSH|^^\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-9|P|2.3, 2.3",
    })
    void wrongDelimitersAreAnsweredInTheDefaultOnesWithTheControlIdOnly(String text, String version) throws HL7Exception {
        // (an empty MSH-2 is its own case below: HAPI reads no critical data at all)
        String raw = text.replace("\\r", "\r");
        UnparseableMessageException e = new UnparseableMessageException(ErrorCode.DATA_TYPE_ERROR,
                Locations.field("MSH", 1, 2), "MSH-2 encoding characters are not valid");

        String ack = acks.reject(raw, e);

        Terser t = terser(ack);
        assertThat(ack).startsWith("MSH|^~\\&|||||");
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-9");
        assertThat(t.get("/MSH-11")).isEqualTo("P");
        assertThat(t.get("/MSH-12")).isEqualTo(version);
        assertThat(field(segment(ack, "ERR"), 2)).isEqualTo("MSH^1^2");
        assertThat(t.get("/ERR-3-1")).isEqualTo("102");
    }

    @Test
    void unknownVersionGetsAr203WithTheWholeHeaderReadFromTheRawText() throws HL7Exception {
        String raw = read("adt-a04-v23.hl7").replace("|P|2.3", "|P|2.9");
        UnparseableMessageException e = catchThrowableOfType(() -> PARSER.parse(raw), UnparseableMessageException.class);

        String ack = acks.reject(raw, e);

        assertThat(mshField(ack, 12)).isEqualTo("2.9");
        Terser t = terser(ack.replace("|2.9\r", "|2.8\r")); // our own parser refuses 2.9; the sender speaks it
        assertThat(t.get("/MSA-1")).isEqualTo("AR");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-23-0001");
        assertThat(t.get("/MSH-11")).isEqualTo("P");
        assertThat(t.get("/MSH-9-2")).isEqualTo("A04");
        assertThat(t.get("/MSH-3")).isEqualTo("KAPHUB");
        assertThat(t.get("/MSH-4")).isEqualTo("KAP");
        assertThat(t.get("/MSH-5")).isEqualTo("EPICADT");
        assertThat(mshField(ack, 6)).isEqualTo("NORTHCLINIC^2.16.840.1.113883.19.4.6^ISO");
        assertThat(field(segment(ack, "ERR"), 2)).isEqualTo("MSH^1^12");
        assertThat(t.get("/ERR-3-1")).isEqualTo("203");
    }

    @Test
    void missingVersionGetsAr101AtMsh12AnsweredIn28() throws HL7Exception {
        String raw = "MSH|^~\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-7|P\rPID|1||1^^^H";
        UnparseableMessageException e = catchThrowableOfType(() -> PARSER.parse(raw), UnparseableMessageException.class);

        Terser t = terser(acks.reject(raw, e));

        assertThat(t.get("/MSA-2")).isEqualTo("MSG-7");
        assertThat(t.get("/MSH-12")).isEqualTo("2.8");
        assertThat(t.get("/ERR-2-3")).isEqualTo("12");
        assertThat(t.get("/ERR-3-1")).isEqualTo("101");
    }

    @Test
    void escapedHeaderValuesInRawTextAreDecodedOnceNotTwice() throws HL7Exception {
        String raw = "MSH|^~\\&|APP\\T\\ONE|FAC|KAPHUB|KAP|20240305||ADT^A04|MSG-\\F\\1|P|2.9";

        String ack = acks.reject(raw, UnparseableMessageException.noMessage());

        Terser t = terser(ack.replace("|2.9\r", "|2.8\r"));
        assertThat(t.get("/MSH-5")).isEqualTo("APP&ONE");
        assertThat(t.get("/MSA-2")).isEqualTo("MSG-|1");
        assertThat(ack).contains("|APP\\T\\ONE|").contains("|MSG-\\F\\1");
    }

    /** MSH-n as sent (n counts MSH-1, the field separator), for values our parser would not accept back. */
    private static String mshField(String ack, int position) {
        return field(ack.substring(0, ack.indexOf('\r')), position - 1);
    }

    private static String segment(String ack, String id) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith(id + "|")) {
                return segment;
            }
        }
        return null;
    }

    /** An empty MSH-2 (a public CDC test message): HAPI's critical data fails, MSH-10 is still echoed in MSA-2. */
    @Test
    void anEmptyMsh2IsAnsweredWithTheControlIdReadBySeparator() throws HL7Exception {
        String raw = "MSH||SENDER^sender.test.com^DNS|FAC^1.2.3^ISO|RCV|RFAC|20230101010000-0000||ORM^O01^ORM_O01|111111|D|2.5.1\r";
        UnparseableMessageException e = new UnparseableMessageException(ErrorCode.DATA_TYPE_ERROR,
                Locations.field("MSH", 1, 2), "MSH-2 encoding characters are not valid");

        String ack = acks.reject(raw, e);

        assertThat(terser(ack).get("/MSA-1")).isEqualTo("AR");
        assertThat(terser(ack).get("/MSA-2")).isEqualTo("111111");
    }

    private static String field(String segment, int position) {
        String[] fields = segment.split("\\|", -1);
        return position < fields.length ? fields[position] : "";
    }

    private static Terser terser(String ack) throws HL7Exception {
        Message message = PARSER.parse(ack);
        assertThat(message).isExactlyInstanceOf(ACK.class);
        return new Terser(message);
    }
}
