package org.kaphub.hl7v2.mapping;

import ca.uhn.hl7v2.Location;

import ca.uhn.hl7v2.ErrorCode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HL7 DTM/TS value ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) in the parts the sender gave, so the
 * precision sent is kept: a birth year stays a year. Read from the string rather than HAPI's DTM accessors, which
 * throw on malformed values and cannot tell "January" from "month not given". Absent parts are null.
 */
public record Dtm(String year, String month, String day, String hour, String minute, String second, String fraction,
                  String offset) {

    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");

    /**
     * @return null when not valued
     * @throws MappingException 102 when the value is not a valid DTM
     */
    public static Dtm parse(String value, Location at) throws MappingException {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DTM.matcher(value.trim());
        if (!m.matches()) {
            throw invalid(at);
        }
        Dtm parts = new Dtm(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7), m.group(8));
        try {
            LocalDate.of(Integer.parseInt(parts.year), number(parts.month, 1), number(parts.day, 1));
            if (parts.hour != null) {
                LocalTime.of(Integer.parseInt(parts.hour), number(parts.minute, 0), number(parts.second, 0));
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

    /** The date at the precision sent: {@code 1975}, {@code 1975-03}, {@code 1975-03-12}. */
    public String date() {
        return year + (month == null ? "" : "-" + month + (day == null ? "" : "-" + day));
    }

    /** Absent parts as their first value (January, the 1st, midnight). */
    public LocalDateTime localDateTime() {
        return LocalDateTime.of(Integer.parseInt(year), number(month, 1), number(day, 1), number(hour, 0),
                number(minute, 0), number(second, 0));
    }

    private static int number(String part, int absent) {
        return part == null ? absent : Integer.parseInt(part);
    }

    private static MappingException invalid(Location at) {
        return new MappingException(ErrorCode.DATA_TYPE_ERROR, at, Locations.name(at) + " is not a valid HL7 date/time (DTM)");
    }
}
