package org.kaphub.hl7v2.building.datatype;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.BaseDateTimeType;

import java.util.TimeZone;

/**
 * FHIR date / dateTime / instant → DTM text at the same precision (the inverse of
 * {@link org.kaphub.hl7v2.mapping.datatype.DtmToFhir}): a date stays a date (YYYY, YYYYMM, YYYYMMDD), a time keeps its
 * offset (+HHMM) so the receiver need not guess a zone; milliseconds go out as DTM's four fractional digits.
 */
public final class FhirToDtm {

    private FhirToDtm() {
    }

    /** Null for an absent or empty value. */
    public static String dtm(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        TemporalPrecisionEnum precision = value.getPrecision();
        StringBuilder dtm = new StringBuilder().append(String.format("%04d", value.getYear()));
        if (precision == TemporalPrecisionEnum.YEAR) {
            return dtm.toString();
        }
        dtm.append(String.format("%02d", value.getMonth() + 1));
        if (precision == TemporalPrecisionEnum.MONTH) {
            return dtm.toString();
        }
        dtm.append(String.format("%02d", value.getDay()));
        if (precision == TemporalPrecisionEnum.DAY) {
            return dtm.toString();
        }
        dtm.append(String.format("%02d%02d", value.getHour(), value.getMinute()));
        if (precision != TemporalPrecisionEnum.MINUTE) {
            dtm.append(String.format("%02d", value.getSecond()));
            if (precision == TemporalPrecisionEnum.MILLI && value.getMillis() != 0) {
                dtm.append(String.format(".%03d", value.getMillis()));
            }
        }
        return dtm.append(offset(value.getTimeZone())).toString();
    }

    private static String offset(TimeZone zone) {
        if (zone == null) {
            return "";
        }
        int minutes = zone.getRawOffset() / 60_000;
        return String.format("%s%02d%02d", minutes < 0 ? "-" : "+", Math.abs(minutes) / 60, Math.abs(minutes) % 60);
    }
}
