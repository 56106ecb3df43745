package org.kaphub.hl7v2;

import org.junit.jupiter.params.provider.ValueSource;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.GenericMessage;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v28.message.ADT_A01;
import ca.uhn.hl7v2.model.v28.segment.PID;
import ca.uhn.hl7v2.util.Terser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.PARSER;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parse;
import static org.kaphub.hl7v2.Hl7v2Fixtures.parseFixture;
import static org.kaphub.hl7v2.Hl7v2Fixtures.read;

class Hl7v2ParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "adt-a04-v23.hl7,  2.3,   A04, MSG-23-0001",
            "adt-a04-v251.hl7, 2.5.1, A04, MSG-251-0002",
            "adt-a04-v28.hl7,  2.8,   A04, MSG-28-0003",
            "adt-a08-v28.hl7,  2.8,   A08, MSG-A08-0004",
    })
    void parsesEveryVersionIntoTheV28AdtA01KeepingTheSendersMsh12(String fixture, String version, String event,
                                                                  String controlId) throws HL7Exception {
        Message message = parseFixture(fixture);

        assertThat(message).isExactlyInstanceOf(ADT_A01.class);
        assertThat(message.getVersion()).isEqualTo("2.8");
        Terser terser = new Terser(message);
        assertThat(terser.get("/MSH-12")).isEqualTo(version);
        assertThat(terser.get("/MSH-9-2")).isEqualTo(event);
        assertThat(terser.get("/MSH-10")).isEqualTo(controlId);
    }

    @Test
    void structureNamedInMsh93ThatV28LacksGivesAGenericMessageWithAV28Pid() throws HL7Exception {
        Message message = parseFixture("adt-a04-v24-explicit-structure.hl7");

        assertThat(message).isInstanceOf(GenericMessage.class);
        assertThat(message.get("PID")).isExactlyInstanceOf(PID.class);
        assertThat(((PID) message.get("PID")).getPid3_PatientIdentifierList(0).getIDNumber().getValue()).isEqualTo("E-314");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5.1"})
    void resultsOfTypesV28WithdrewAreReadAsTheirSuccessors(String version) throws HL7Exception {
        String oru = "MSH|^~\\&|LAB|CLINIC|KAPHUB|KAP|20240301101500||ORU^R01|CTL-W1|P|" + version + "\r"
                + "PID|1||MRN-W1^^^CLINIC^MR||DOE^JANE\r"
                + "OBR|1||ORD-W1|44249-1^PHQ-9 panel^LN\r"
                + "OBX|1|CE|44255-8^Feeling down^LN||LA6569-3^Several days^LN||||||F\r"
                + "OBX|2|TS|21112-8^Birth date^LN||19800101||||||F\r";
        Message message = PARSER.parse(oru);
        Terser terser = new Terser(message);
        assertThat(terser.get("/.OBSERVATION(0)/OBX-5-1")).isEqualTo("LA6569-3");
        assertThat(terser.get("/.OBSERVATION(0)/OBX-5-3")).isEqualTo("LN");
        assertThat(terser.get("/.OBSERVATION(1)/OBX-5-1")).isEqualTo("19800101");
        assertThat(((ca.uhn.hl7v2.model.Varies) terser.getSegment("/.OBSERVATION(0)/OBX").getField(5, 0)).getData())
                .isInstanceOf(ca.uhn.hl7v2.model.v28.datatype.CWE.class);
    }

    @Test
    void keepsZSegmentsInsteadOfFailing() throws HL7Exception {
        Message message = parseFixture("adt-a04-v23.hl7");

        assertThat(PARSER.encode(message)).contains("\rZPI|1|KAP-PROGRAM^INTENSIVE\r");
        assertThat(new Terser(message).get("/PV1-3-1")).isEqualTo("NORTH"); // segments after the Z-segment still land
    }

    @Test
    void decodesEscapeSequencesWhenValuesAreRead() throws HL7Exception {
        Message message = parse("MSH|^~\\&|A|B|C|D|20240101||ADT^A04|1|P|2.5.1",
                "PID|1||1^^^H||DOE\\T\\SMITH^ANN\\S\\MARIE\\E\\X\\F\\Y\\R\\Z");

        PID pid = (PID) message.get("PID");
        assertThat(pid.getPid5_PatientName(0).getFamilyName().getSurname().getValue()).isEqualTo("DOE&SMITH");
        assertThat(pid.getPid5_PatientName(0).getGivenName().getValue()).isEqualTo("ANN^MARIE\\X|Y~Z");
    }

    @Test
    void acceptsLfAndCrLfSeparatorsAndAByteOrderMark() throws HL7Exception {
        String lf = read("adt-a04-v251.hl7");

        Message fromCrLf = PARSER.parse("\uFEFF" + lf.replace("\n", "\r\n"));

        assertThat(new Terser(fromCrLf).get("/PID-3(1)-1")).isEqualTo("SC-99012");
        assertThat(new Terser(PARSER.parse(lf)).get("/PID-3(1)-1")).isEqualTo("SC-99012");
    }

    /** Every refusal names a table 0357 code and the MSH field at fault (ERR-2), and never quotes the input. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
            "not ER7 at all;            garbage;                                                            100; -",
            "empty;                     '';                                                                 100; -",
            "no MSH first;              PID|1||123^^^H||DOE\\rMSH|^~\\&|A|B|C|D|20240101||ADT^A04|X1|P|2.5; 100; -",
            "MSH-2 too short;           MSH|^~|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-9|P|2.3; 102; MSH-2",
            "MSH-12 missing;            MSH|^~\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-7|P\\rPID|1||1^^^H; 101; MSH-12",
            "MSH-12 unknown;            MSH|^~\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT^A04|MSG-7|P|2.9\\rPID|1||1^^^H; 203; MSH-12",
            "MSH-9 incomplete;          MSH|^~\\&|EPICADT|NORTHCLINIC|KAPHUB|KAP|20240305||ADT|MSG-8|P|2.5\\rPID|1||1^^^H; 200; MSH-9",
    })
    void refusesWithTheCodeAndFieldAtFaultInWordsThatQuoteNothing(String what, String text, int code, String field) {
        String er7 = text.replace("\\r", "\r");

        UnparseableMessageException e = catchThrowableOfType(() -> PARSER.parse(er7), UnparseableMessageException.class);

        assertThat(e).as(what).isNotNull();
        assertThat(e.getErrorCode()).isEqualTo(code);
        String location = e.getLocation() == null ? null : e.getLocation().getSegmentName() + "-" + e.getLocation().getField();
        assertThat(location).isEqualTo(field);
        assertThat(e.getMessageWithoutLocation()).doesNotContain("garbage", "DOE", "EPICADT", "NORTHCLINIC", "ABCD", "2.9", "MSG-");
    }

    /** Only once HAPI fails are MSH-1/MSH-2 judged: it reads a doubled escape character (a public sample's MSH-2). */
    @Test
    void keepsAcceptingEncodingCharactersHapiCanRead() throws HL7Exception {
        Message message = PARSER.parse(read("adt-a04-v251.hl7").replace("MSH|^~\\&|", "MSH|^~\\\\&|"));

        assertThat(new Terser(message).get("/MSH-10")).isEqualTo("MSG-251-0002");
    }

    @Test
    void refusesNullAsNoMessage() {
        assertThat(catchThrowableOfType(() -> PARSER.parse(null), UnparseableMessageException.class).getErrorCode())
                .isEqualTo(100);
    }

    @Test
    void parsesConcurrentlyFromManyThreads() throws Exception {
        List<String> fixtures = List.of(read("adt-a04-v23.hl7"), read("adt-a04-v251.hl7"), read("adt-a04-v28.hl7"),
                read("adt-a08-v28.hl7"), read("adt-a04-v24-explicit-structure.hl7"));
        List<String> expectedIds = List.of("100234", "SC-77", "7f3c2a10-9b1e-4c55-8e21-1a2b3c4d5e6f", "SC-99012", "E-314");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i % fixtures.size();
                tasks.add(() -> expectedIds.get(n).equals(new Terser(PARSER.parse(fixtures.get(n))).get("/.PID-3-1")));
            }
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> result : pool.invokeAll(tasks)) {
                results.add(result.get());
            }
            assertThat(results).hasSize(400).containsOnly(true);
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void controlIdsOfGeneratedAcksAreRandomUuidsNotAFileBackedCounter() throws Exception {
        Message in = parseFixture("adt-a04-v251.hl7");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(new Terser(in.generateACK()).get("/MSH-10"));
        }
        assertThat(ids).hasSize(100)
                .allMatch(id -> id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    }
}
