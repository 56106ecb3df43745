package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.hl7v2.model.Primitive;
import org.hl7.fhir.r4.model.DateType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class DtmToFhirTest {

    private static final ErrorLocation PID_7 = ErrorLocation.segment("PID", 1).atField(7);

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

        assertThat(e.errorCode()).isEqualTo(102);
        assertThat(e.location()).isEqualTo(PID_7);
        assertThat(e.getMessage()).isEqualTo("PID-7 is not a valid HL7 date/time (DTM)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "20240309221500-0800,       2024-03-09T22:15:00-08:00",
            "2024030922-0800,           2024-03-09T22:00:00-08:00",
            "20240309221500.25+0530,    2024-03-09T22:15:00.25+05:30",
            // no zone: a time cannot be placed on the timeline, so only its date is kept
            "202403092215,              2024-03-09",
            "202403,                    2024-03",
    })
    void dateTimeKeepsTheTimeOnlyWithAZone(String dtm, String dateTime) throws MappingException {
        assertThat(DtmToFhir.toDateTime(dtm(dtm), PID_7).getValueAsString()).isEqualTo(dateTime);
    }

    @Test
    void emptyOrHl7NullIsNoDate() throws MappingException {
        assertThat(DtmToFhir.toDate(dtm(""), PID_7)).isNull();
        assertThat(DtmToFhir.toDate(dtm("\"\""), PID_7)).isNull();
        assertThat(DtmToFhir.toDateTime(dtm(""), PID_7)).isNull();
    }

    private static Primitive dtm(String value) {
        return pid("PID|1||1^^^H||DOE||" + value).getPid7_DateTimeOfBirth();
    }
}
