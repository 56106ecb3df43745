package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.hl7v2.model.Primitive;
import org.hl7.fhir.r4.model.DateType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import ca.uhn.hl7v2.Location;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Message;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class DtmToFhirTest {

    private static final Location PID_7 = Locations.field("PID", 1, 7);
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1975,                     1975,       YEAR",
            "197503,                   1975-03,    MONTH",
            "19750312,                 1975-03-12, DAY",
            "1975031210,               1975-03-12, DAY",
            "197503121015,             1975-03-12, DAY",
            "19750312101530.1234-0500, 1975-03-12, DAY",
            // the date as written, not shifted to UTC: 23:30 at -05:00 is still the 12th
            "197503122330-0500,        1975-03-12, DAY",
            "20000229,                 2000-02-29, DAY",
    })
    void birthDateKeepsThePrecisionSentAndDropsTheTime(String dtm, String date, TemporalPrecisionEnum precision) throws MappingException {
        DateType birthDate = DtmToFhir.toDate(dtm(dtm), PID_7);

        assertThat(birthDate.getValueAsString()).isEqualTo(date);
        assertThat(birthDate.getPrecision()).isEqualTo(precision);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1975XX12", "19751312", "19750230", "19010229", "197503121", "75", "1975-03-12",
            "1975031225", "197503121260", "19750312+2500", "19750312101530.12345"})
    void invalidDtmIsADataTypeErrorThatDoesNotEchoTheValue(String dtm) {
        MappingException e = catchThrowableOfType(() -> DtmToFhir.toDate(dtm(dtm), PID_7), MappingException.class);

        assertThat(e.getErrorCode()).isEqualTo(102);
        assertThat(e.getLocation()).isEqualTo(PID_7);
        assertThat(e.getMessageWithoutLocation()).isEqualTo("PID-7 is not a valid HL7 date/time (DTM)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "20240309221500-0800,       2024-03-09T22:15:00-08:00",
            "2024030922-0800,           2024-03-09T22:00:00-08:00",
            "20240309221500.25+0530,    2024-03-09T22:15:00.25+05:30",
            // an explicit offset is kept as sent, even where the sender's zone has another
            "20240709221500+0000,       2024-07-09T22:15:00+00:00",
            // no offset: the sender's local time, at its zone's offset on that date (New York: EST, then EDT)
            "202403092215,              2024-03-09T22:15:00-05:00",
            "20240310031500.5,          2024-03-10T03:15:00.5-04:00",
            "2024071008,                2024-07-10T08:00:00-04:00",
            // no time: nothing to place on the timeline, the date stays a date
            "20240309,                  2024-03-09",
            "202403,                    2024-03",
    })
    void dateTimeWithoutAnOffsetIsInTheSendersZone(String dtm, String dateTime) throws MappingException {
        assertThat(DtmToFhir.toDateTime(dtm(dtm), PID_7, NEW_YORK).getValueAsString()).isEqualTo(dateTime);
    }

    @Test
    void birthDateStaysADateWhateverTheZone() throws MappingException {
        assertThat(DtmToFhir.toDate(dtm("197503122330"), PID_7).getValueAsString()).isEqualTo("1975-03-12");
    }

    @ParameterizedTest(name = "MSH-7 {0} -> {1}")
    @CsvSource({
            // MSH-7's offset is New York's at that moment: the zone itself, so summer times get summer time
            "20240115083000-0500,  America/New_York",
            "20240715083000-0400,  America/New_York",
            // an offset New York does not have then: the sender is elsewhere, its own offset is the best evidence
            "20240115083000+0100,  +01:00",
            "20240715083000-0500,  -05:00",
            // no offset, no MSH-7 or an unreadable one: the configured zone
            "20240115083000,       America/New_York",
            "'',                   America/New_York",
            "2024-01-15,           America/New_York",
    })
    void msh7OffsetIsPreferredOverTheConfiguredZoneWhenTheyDisagree(String msh7, String zone) {
        assertThat(V2Message.senderZone(msh7, NEW_YORK)).isEqualTo(ZoneId.of(zone));
    }

    @Test
    void aSenderInAnotherZoneHasItsMsh7OffsetAppliedToItsTimes() throws MappingException {
        ZoneId sender = V2Message.senderZone("20240309221500+0100", NEW_YORK);

        assertThat(DtmToFhir.toDateTime(dtm("202403092215"), PID_7, sender).getValueAsString())
                .isEqualTo("2024-03-09T22:15:00+01:00");
    }

    @Test
    void emptyOrHl7NullIsNoDate() throws MappingException {
        assertThat(DtmToFhir.toDate(dtm(""), PID_7)).isNull();
        assertThat(DtmToFhir.toDate(dtm("\"\""), PID_7)).isNull();
        assertThat(DtmToFhir.toDateTime(dtm(""), PID_7, NEW_YORK)).isNull();
    }

    private static Primitive dtm(String value) {
        return pid("PID|1||1^^^H||DOE||" + value).getPid7_DateTimeOfBirth();
    }
}
