package org.kaphub.security;

import org.hl7.fhir.instance.model.api.IBaseCoding;

/** A security label (system and code) as configured: {@code system|code}. */
public record SecurityLabel(String system, String code) {

    public SecurityLabel {
        if (system == null || system.isBlank() || code == null || code.isBlank()) {
            throw new IllegalArgumentException("a security label needs a system and a code (system|code)");
        }
    }

    /** Spring's conversion of {@code system|code} (configuration values, defaults included). */
    public static SecurityLabel valueOf(String text) {
        int bar = text.lastIndexOf('|');
        if (bar <= 0 || bar == text.length() - 1) {
            throw new IllegalArgumentException("not a security label (system|code): " + text);
        }
        return new SecurityLabel(text.substring(0, bar).trim(), text.substring(bar + 1).trim());
    }

    boolean matches(IBaseCoding coding) {
        return system.equals(coding.getSystem()) && code.equals(coding.getCode());
    }

    @Override
    public String toString() {
        return system + "|" + code;
    }
}
