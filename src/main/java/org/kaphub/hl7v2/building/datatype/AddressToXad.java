package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.XAD;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.StringType;

import java.util.List;
import java.util.Map;

/**
 * Address → XAD (the inverse of {@link org.kaphub.hl7v2.mapping.datatype.XadToAddress}): first line → XAD-1.1, second
 * line → XAD-2, city XAD-3, state XAD-4, postal code XAD-5, country XAD-6, district → XAD-9.1, use (else type) →
 * XAD-7 (table 0190). What the inbound side cannot carry: lines after the second are joined to XAD-2 with ", "
 * (they come back as one line); XAD-7 is one code, so an address with both a use and a type sends the use only;
 * text, period and the uses/types without a 0190 code (physical, both) are not sent.
 */
public final class AddressToXad {

    /** Address.use → table 0190, the inverse of the inbound table (work: B, of B and O). */
    private static final Map<Address.AddressUse, String> USE = Map.of(Address.AddressUse.HOME, "H",
            Address.AddressUse.WORK, "B", Address.AddressUse.TEMP, "C", Address.AddressUse.OLD, "BA",
            Address.AddressUse.BILLING, "BI");
    /** Address.type → table 0190 (postal: M, of M and SH). */
    private static final Map<Address.AddressType, String> TYPE = Map.of(Address.AddressType.POSTAL, "M");

    private AddressToXad() {
    }

    public static void fill(XAD xad, Address address) throws DataTypeException {
        List<String> lines = address.getLine().stream().map(StringType::getValue).filter(l -> l != null && !l.isBlank())
                .toList();
        if (!lines.isEmpty()) {
            xad.getStreetAddress().getStreetOrMailingAddress().setValue(lines.get(0));
        }
        if (lines.size() > 1) {
            xad.getOtherDesignation().setValue(String.join(", ", lines.subList(1, lines.size())));
        }
        set(xad.getCity(), address.getCity());
        set(xad.getStateOrProvince(), address.getState());
        set(xad.getZipOrPostalCode(), address.getPostalCode());
        set(xad.getCountry(), address.getCountry());
        set(xad.getCountyParishCode().getIdentifier(), address.getDistrict());
        String type = address.hasUse() ? USE.get(address.getUse()) : null;
        if (type == null && address.hasType()) {
            type = TYPE.get(address.getType());
        }
        set(xad.getAddressType(), type);
    }

    private static void set(ca.uhn.hl7v2.model.Primitive primitive, String value) throws DataTypeException {
        if (value != null && !value.isBlank()) {
            primitive.setValue(value);
        }
    }
}
