package org.kaphub.vocabulary;

import java.util.Set;

/** RxNorm codes ({@link CodeSystems#RXNORM}) KAP Hub decides on. */
public final class RxNorm {

    /** esketamine Nasal Spray (SCDF 2201623) and [Spravato] (SBDF 2201625), both verified. */
    public static final Set<String> ESKETAMINE = Set.of("2201623", "2201625");

    public static boolean isEsketamine(String system, String code) {
        return CodeSystems.RXNORM.equals(system) && ESKETAMINE.contains(code);
    }

    private RxNorm() {
    }
}
