package org.kaphub.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;

import java.util.Map;

/**
 * The v2.8 model, reading the data types v2.6–2.8 withdrew as their successors. OBX-2 names the type of OBX-5, and
 * v2.3–2.5.1 senders still name CE, TS, CK, CN, PN, AD, TN; read into the v2.8 model those types do not exist, and HAPI
 * refused every such result (AR 100: "'CE' … is invalid for version 2.8"). The successors carry the same components
 * in the same places (HL7 v2.8 chapter 2A, "withdrawn data types").
 */
final class WithdrawnTypes extends CanonicalModelClassFactory {

    private static final Map<String, String> SUCCESSORS = Map.of(
            "CE", "CWE",
            "TS", "DTM",
            "CK", "CX",
            "CN", "XCN",
            "PN", "XPN",
            "AD", "XAD",
            "TN", "XTN");

    WithdrawnTypes(String version) {
        super(version);
    }

    @Override
    public Class<? extends Type> getTypeClass(String name, String version) throws HL7Exception {
        Class<? extends Type> type = super.getTypeClass(name, version);
        String successor = SUCCESSORS.get(name);
        return type == null && successor != null ? super.getTypeClass(successor, version) : type;
    }
}
