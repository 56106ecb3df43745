package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.v28.datatype.XAD;
import org.hl7.fhir.r4.model.Address;
import org.kaphub.hl7v2.mapping.V2Values;

import java.util.Optional;

/**
 * XAD → Address (v2-to-FHIR datatype map XAD): XAD-1.1 street and XAD-2 other designation are lines, XAD-3 city,
 * XAD-4 state, XAD-5 postal code, XAD-6 country, XAD-9 county → district, XAD-7 address type → use and/or type.
 */
public final class XadToAddress {

    private XadToAddress() {
    }

    /** Empty when no address part is valued (an address type alone says nothing). */
    public static Optional<Address> map(XAD xad) {
        Address address = new Address();
        String street = V2Values.value(xad.getStreetAddress().getStreetOrMailingAddress());
        if (street != null) {
            address.addLine(street);
        }
        String otherDesignation = V2Values.value(xad.getOtherDesignation());
        if (otherDesignation != null) {
            address.addLine(otherDesignation);
        }
        String city = V2Values.value(xad.getCity());
        if (city != null) {
            address.setCity(city);
        }
        String state = V2Values.value(xad.getStateOrProvince());
        if (state != null) {
            address.setState(state);
        }
        String postalCode = V2Values.value(xad.getZipOrPostalCode());
        if (postalCode != null) {
            address.setPostalCode(postalCode);
        }
        String country = V2Values.value(xad.getCountry());
        if (country != null) {
            address.setCountry(country);
        }
        String county = V2Values.value(xad.getCountyParishCode().getIdentifier());
        if (county != null) {
            address.setDistrict(county);
        }
        if (address.isEmpty()) {
            return Optional.empty();
        }
        String type = V2Values.value(xad.getAddressType());
        CodeTables.addressUse(type).ifPresent(address::setUse);
        CodeTables.addressType(type).ifPresent(address::setType);
        return Optional.of(address);
    }
}
