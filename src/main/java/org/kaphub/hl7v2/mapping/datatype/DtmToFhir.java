package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.hl7v2.model.Primitive;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import ca.uhn.hl7v2.Location;
import org.hl7.fhir.r4.model.InstantType;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.Dtm;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.V2Values;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * HL7 DTM/TS ({@link Dtm}) → FHIR date / dateTime, keeping the precision the sender gave: a birth year stays a year.
 *
 * <p>HL7 v2 reads a time without an offset as the sender's local time; FHIR needs a zone once a time is present. The
 * sender's zone is {@link V2Message#senderZone}: the configured kap.hl7v2.default-zone, or MSH-7's own offset when the
 * sender states one that zone does not have.
 */
public final class DtmToFhir {

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
    public static DateType toDate(Primitive dtm, Location at) throws MappingException {
        Dtm parts = Dtm.parse(V2Values.value(dtm), at);
        return parts == null ? null : new DateType(parts.date());
    }

    /**
     * Date and time at the precision sent; a time without an offset is read in {@code senderZone} (its offset on
     * that date, so daylight saving time is followed), an explicit offset is kept as sent.
     *
     * @return null when not valued
     * @throws MappingException 102 when the value is not a valid DTM
     */
    public static DateTimeType toDateTime(Primitive dtm, Location at, ZoneId senderZone) throws MappingException {
        return dateTime(Dtm.parse(V2Values.value(dtm), at), senderZone);
    }

    /** As {@link #toDateTime(Primitive, Location, ZoneId)}, for a component read by position. */
    public static DateTimeType toDateTime(String value, Location at, ZoneId senderZone) throws MappingException {
        return dateTime(Dtm.parse(value, at), senderZone);
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

    private static DateTimeType dateTime(Dtm parts, ZoneId senderZone) {
        if (parts == null) {
            return null;
        }
        if (parts.hour() == null) {
            return new DateTimeType(parts.date());
        }
        String offset = parts.offset() != null
                ? parts.offset().substring(0, 3) + ":" + parts.offset().substring(3)
                : OFFSET.format(senderZone.getRules().getOffset(parts.localDateTime()));
        String fraction = parts.fraction() == null ? "" : "." + parts.fraction();
        return new DateTimeType(parts.date() + "T" + parts.hour() + ":" + orZero(parts.minute()) + ":"
                + orZero(parts.second()) + fraction + offset);
    }

    private static String orZero(String part) {
        return part == null ? "00" : part;
    }
}
