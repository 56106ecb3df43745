package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.v28.datatype.XPN;
import org.hl7.fhir.r4.model.HumanName;
import org.kaphub.hl7v2.mapping.V2Values;

import java.util.Optional;

/**
 * XPN → HumanName (v2-to-FHIR datatype map XPN): XPN-1.1 family, XPN-2 and XPN-3 given (first, then middle
 * names/initials), XPN-5 prefix, XPN-4 suffix, XPN-6 degree and XPN-14 professional suffix also suffix,
 * XPN-7 name type → use.
 */
public final class XpnToHumanName {

    private XpnToHumanName() {
    }

    /** Empty when neither family nor given name is valued (a repetition holding only a name type is no name). */
    public static Optional<HumanName> map(XPN xpn) {
        HumanName name = new HumanName();
        String family = V2Values.value(xpn.getFamilyName().getSurname());
        if (family != null) {
            name.setFamily(family);
        }
        add(name, V2Values.value(xpn.getGivenName()), true);
        add(name, V2Values.value(xpn.getSecondAndFurtherGivenNamesOrInitialsThereof()), true);
        if (!name.hasFamily() && !name.hasGiven()) {
            return Optional.empty();
        }
        String prefix = V2Values.value(xpn.getPrefixEgDR());
        if (prefix != null) {
            name.addPrefix(prefix);
        }
        add(name, V2Values.value(xpn.getSuffixEgJRorIII()), false);
        add(name, V2Values.value(xpn.getDegreeEgMD()), false);
        add(name, V2Values.value(xpn.getProfessionalSuffix()), false);
        CodeTables.nameUse(V2Values.value(xpn.getNameTypeCode())).ifPresent(name::setUse);
        return Optional.of(name);
    }

    private static void add(HumanName name, String part, boolean given) {
        if (part == null) {
            return;
        }
        if (given) {
            name.addGiven(part);
        } else {
            name.addSuffix(part);
        }
    }
}
