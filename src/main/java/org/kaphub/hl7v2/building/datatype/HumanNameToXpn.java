package org.kaphub.hl7v2.building.datatype;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v28.datatype.XPN;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.StringType;

import java.util.List;
import java.util.Map;

/**
 * HumanName → XPN (the inverse of {@link org.kaphub.hl7v2.mapping.datatype.XpnToHumanName}): family → XPN-1.1, the
 * first given → XPN-2, further given names → XPN-3 (space-separated), first prefix → XPN-5, first suffix → XPN-4,
 * use → XPN-7.
 */
public final class HumanNameToXpn {

    /** FHIR name use → HL7 table 0200, the inverse of the inbound table for the uses it maps. */
    private static final Map<HumanName.NameUse, String> NAME_TYPE = Map.of(
            HumanName.NameUse.OFFICIAL, "L", HumanName.NameUse.USUAL, "D", HumanName.NameUse.NICKNAME, "N",
            HumanName.NameUse.MAIDEN, "M", HumanName.NameUse.ANONYMOUS, "MSK", HumanName.NameUse.TEMP, "TEMP",
            HumanName.NameUse.OLD, "BAD");

    private HumanNameToXpn() {
    }

    public static void fill(XPN xpn, HumanName name) throws DataTypeException {
        if (name.hasFamily()) {
            xpn.getFamilyName().getSurname().setValue(name.getFamily());
        }
        List<StringType> given = name.getGiven();
        if (!given.isEmpty()) {
            xpn.getGivenName().setValue(given.get(0).getValue());
        }
        if (given.size() > 1) {
            xpn.getSecondAndFurtherGivenNamesOrInitialsThereof().setValue(String.join(" ",
                    given.subList(1, given.size()).stream().map(StringType::getValue).toList()));
        }
        if (name.hasPrefix()) {
            xpn.getPrefixEgDR().setValue(name.getPrefix().get(0).getValue());
        }
        if (name.hasSuffix()) {
            xpn.getSuffixEgJRorIII().setValue(name.getSuffix().get(0).getValue());
        }
        if (name.hasUse() && NAME_TYPE.containsKey(name.getUse())) {
            xpn.getNameTypeCode().setValue(NAME_TYPE.get(name.getUse()));
        }
    }
}
