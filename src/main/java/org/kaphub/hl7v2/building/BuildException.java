package org.kaphub.hl7v2.building;

/**
 * The resource cannot be said in the message: a required element is missing, or a code has no HL7 v2 equivalent.
 * The delivery goes to the dead letters with this text, which names the element, never its value (it reaches logs and
 * the operator console).
 */
public class BuildException extends Exception {

    public BuildException(String text) {
        super(text);
    }
}
