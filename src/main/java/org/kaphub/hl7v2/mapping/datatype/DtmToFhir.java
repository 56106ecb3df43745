package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.model.Primitive;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.kaphub.hl7v2.mapping.ErrorLocation;
import org.kaphub.hl7v2.mapping.MappingException;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 DTM/TS ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) → FHIR date / dateTime, keeping the precision
 * the sender gave: a birth year stays a year. Read from the string rather than HAPI's DTM accessors, which
 * throw on malformed values and cannot tell "January" from "month not given".
 *
 * <p>HL7 v2 reads a time without an offset as the sender's local time; FHIR needs a zone once a time is present. The
 * sender's zone is {@link #senderZone}: the configured kap.hl7v2.default-zone, or MSH-7's own offset when the sender
 * states one that zone does not have.
 */
public final class DtmToFhir {

    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");
    /** FHIR writes +00:00 as well as Z; +HH:MM keeps every offset in one form. */
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");

    private DtmToFhir() {
    }

    /**
     * Date part only, at the precision sent. The time is dropped without converting the zone: a birth date is the
     * calendar date written on the record, not an instant.
     *
     * @return null when not valued
     * @throws MappingException 102 when the value is not a valid DTM
     */
    public static DateType toDate(Primitive dtm, ErrorLocation at) throws MappingException {
        Parts parts = parse(dtm, at);
        return parts == null ? null : new DateType(parts.date());
    }

    /**
     * Date and time at the precision sent; a time without an offset is read in {@code senderZone} (its offset on
     * that date, so daylight saving time is followed), an explicit offset is kept as sent.
     *
     * @return null when not valued
     * @throws MappingException 102 when the value is not a valid DTM
     */
    public static DateTimeType toDateTime(Primitive dtm, ErrorLocation at, ZoneId senderZone) throws MappingException {
        return dateTime(parse(dtm, at), senderZone);
    }

    /** As {@link #toDateTime(Primitive, ErrorLocation, ZoneId)}, for a component read by position. */
    public static DateTimeType toDateTime(String value, ErrorLocation at, ZoneId senderZone) throws MappingException {
        return dateTime(parse(value == null || value.isBlank() ? null : value.trim(), at), senderZone);
    }

    /**
     * A date/time with a time of day as an instant in its own offset: {@code new InstantType(Date)} would print the same
     * moment in the server's zone, so what is stored (and the golden files) would depend on where KAP Hub runs.
     */
    public static InstantType toInstant(DateTimeType time) {
        TemporalPrecisionEnum precision = time.getPrecision() == TemporalPrecisionEnum.MILLI
                ? TemporalPrecisionEnum.MILLI : TemporalPrecisionEnum.SECOND;
        return new InstantType(time.getValue(), precision, time.getTimeZone());
    }

    /**
     * The zone a message's times without an offset are in. MSH-7's offset is the sender's own statement of its
     * local offset: if {@code defaultZone} has that offset at that moment, the zone is taken (with its daylight
     * saving rules, for times in the other season); otherwise the sender is elsewhere and its fixed offset is the best
     * evidence there is. Without an offset in MSH-7 (or an unreadable one), {@code defaultZone}.
     */
    public static ZoneId senderZone(String msh7, ZoneId defaultZone) {
        Parts parts;
        try {
            parts = parse(msh7 == null || msh7.isBlank() ? null : msh7.trim(), ErrorLocation.segment("MSH", 1).atField(7));
        } catch (MappingException e) {
            return defaultZone;
        }
        if (parts == null || parts.offset == null) {
            return defaultZone;
        }
        ZoneOffset stated = ZoneOffset.of(parts.offset);
        return defaultZone.getRules().getOffset(parts.localDateTime()).equals(stated) ? defaultZone : stated;
    }

    private static DateTimeType dateTime(Parts parts, ZoneId senderZone) {
        if (parts == null) {
            return null;
        }
        if (parts.hour == null) {
            return new DateTimeType(parts.date());
        }
        String offset = parts.offset != null
                ? parts.offset.substring(0, 3) + ":" + parts.offset.substring(3)
                : OFFSET.format(senderZone.getRules().getOffset(parts.localDateTime()));
        String fraction = parts.fraction == null ? "" : "." + parts.fraction;
        return new DateTimeType(parts.date() + "T" + parts.hour + ":" + orZero(parts.minute) + ":" + orZero(parts.second)
                + fraction + offset);
    }

    private static String orZero(String part) {
        return part == null ? "00" : part;
    }

    private static Parts parse(Primitive dtm, ErrorLocation at) throws MappingException {
        return parse(V2Values.value(dtm), at);
    }

    private static Parts parse(String value, ErrorLocation at) throws MappingException {
        if (value == null) {
            return null;
        }
        Matcher m = DTM.matcher(value);
        if (!m.matches()) {
            throw invalid(at);
        }
        Parts parts = new Parts(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8));
        try {
            LocalDate.of(Integer.parseInt(parts.year), parts.month == null ? 1 : Integer.parseInt(parts.month),
                    parts.day == null ? 1 : Integer.parseInt(parts.day));
            if (parts.hour != null) {
                LocalTime.of(Integer.parseInt(parts.hour), parts.minute == null ? 0 : Integer.parseInt(parts.minute),
                        parts.second == null ? 0 : Integer.parseInt(parts.second));
            }
            if (parts.offset != null) {
                ZoneOffset.ofHoursMinutes(Integer.parseInt(parts.offset.substring(0, 3)),
                        Integer.parseInt(parts.offset.charAt(0) + parts.offset.substring(3)));
            }
        } catch (DateTimeException e) {
            throw invalid(at);
        }
        return parts;
    }

    private static MappingException invalid(ErrorLocation at) {
        return new MappingException(ErrorCode.DATA_TYPE_ERROR, at, at + " is not a valid HL7 date/time (DTM)");
    }

    private record Parts(String year, String month, String day, String hour, String minute, String second,
                         String fraction, String offset) {

        String date() {
            return year + (month == null ? "" : "-" + month + (day == null ? "" : "-" + day));
        }

        LocalDateTime localDateTime() {
            return LocalDateTime.of(Integer.parseInt(year), number(month, 1), number(day, 1), number(hour, 0),
                    number(minute, 0), number(second, 0));
        }

        private static int number(String part, int absent) {
            return part == null ? absent : Integer.parseInt(part);
        }
    }
}
