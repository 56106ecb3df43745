package org.kaphub.hl7v2.inbound;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.preparser.PreParser;
import org.apache.camel.component.hl7.HL7Charset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The raw frame as text, and the MSH fields the journal records before anything is parsed. */
final class RawText {

    private RawText() {
    }

    /** Decodes with the character set named in MSH-18, UTF-8 when it names none or one Java does not know. */
    static String decode(byte[] raw) {
        Charset charset;
        try {
            charset = Charset.forName(HL7Charset.getCharsetName(raw, StandardCharsets.UTF_8.name()));
        } catch (Exception e) {
            charset = StandardCharsets.UTF_8;
        }
        return new String(raw, charset);
    }

    /**
     * MSH-3.1, MSH-4.1, MSH-10, MSH-9 and MSH-12 with HAPI's PreParser (camel-mllp's hl7Headers fail on an empty
     * frame before the route runs, so the sender would get no answer at all); nulls where unreadable.
     */
    static InboundMessage.Header header(String text) {
        if (text == null || !text.startsWith("MSH") || text.length() < 9) {
            return InboundMessage.Header.UNREAD;
        }
        try {
            String[] f = PreParser.getFields(text.replace("\r\n", "\r").replace('\n', '\r'),
                    "MSH-3-1", "MSH-4-1", "MSH-10", "MSH-9-1", "MSH-9-2", "MSH-12-1");
            String type = f[3] == null ? null : f[4] == null ? f[3] : f[3] + "^" + f[4];
            return new InboundMessage.Header(f[0], f[1], f[2], type, f[5]);
        } catch (HL7Exception | RuntimeException e) {
            // Broken MSH-2: keep at least MSH-10, the whole field between the 9th and 10th field separator.
            int end = text.indexOf('\r');
            String[] fields = (end < 0 ? text : text.substring(0, end)).split(Pattern.quote(text.substring(3, 4)), -1);
            String controlId = fields.length > 9 && !fields[9].isBlank() ? fields[9] : null;
            return new InboundMessage.Header(null, null, controlId, null, null);
        }
    }
}
