package org.kaphub.hl7v2.mapping.segment;

import ca.uhn.hl7v2.ErrorCode;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.kaphub.hl7v2.mapping.Locations;
import org.kaphub.hl7v2.mapping.IdentifierSystems;
import org.kaphub.hl7v2.mapping.MappingException;
import org.kaphub.hl7v2.mapping.V2Fields;
import org.kaphub.hl7v2.mapping.V2Message;
import org.kaphub.hl7v2.mapping.datatype.CodeTables;
import org.kaphub.hl7v2.mapping.datatype.CweToCodeableConcept;
import org.kaphub.hl7v2.mapping.datatype.DtmToFhir;
import org.kaphub.hl7v2.mapping.datatype.EiToIdentifier;
import org.kaphub.hl7v2.mapping.datatype.XcnToReference;
import org.kaphub.vocabulary.CodeSystems;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * TXA + OBX → DocumentReference (v2-to-FHIR segment map TXA[DocumentReference], OBX[DocumentReference]).
 *
 * <table>
 * <tr><th>v2</th><th>FHIR DocumentReference</th></tr>
 * <tr><td>TXA-12 unique document number (EI)</td><td>masterIdentifier (conditional-update key; required)</td></tr>
 * <tr><td>TXA-2 document type (0270)</td><td>type: coding v2-0270, text the sender's words (TXA-2.2)</td></tr>
 * <tr><td>TXA-17 document completion status (0271)</td><td>docStatus (AU/LA final, DI/DO/IN/IP/PA preliminary)</td></tr>
 * <tr><td>TXA-19 availability status: CA (cancelled)</td><td>status entered-in-error; else current</td></tr>
 * <tr><td>TXA-4 activity date/time, else TXA-6 origination (with zone)</td><td>date</td></tr>
 * <tr><td>TXA-9 originator (XCN)</td><td>author (logical reference)</td></tr>
 * <tr><td>TXA-10 authenticator (XCN)</td><td>authenticator</td></tr>
 * <tr><td>OBX-5 of type TX/FT/ST (all lines, in order)</td><td>content.attachment (text/plain; charset=utf-8)</td></tr>
 * <tr><td>OBX-5 of type ED (^type^subtype^Base64^data)</td><td>content.attachment (contentType type/subtype, data)</td></tr>
 * </table>
 */
public final class TxaToDocumentReference {

    private TxaToDocumentReference() {
    }

    public static DocumentReference map(V2Message message, V2Message.Seg txa, List<V2Message.Seg> obxs, Reference patient,
                                        IdentifierSystems systems) throws MappingException {
        DocumentReference document = new DocumentReference();
        Identifier id = EiToIdentifier.map(txa.segment(), 12, 0, systems, message.senderScope(), "document")
                .orElseThrow(() -> new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, txa.at(12),
                        "TXA-12 unique document number is required to identify the document"));
        document.setMasterIdentifier(id);
        document.setStatus("CA".equals(txa.get(19, 1)) ? Enumerations.DocumentReferenceStatus.ENTEREDINERROR
                : Enumerations.DocumentReferenceStatus.CURRENT);
        String completion = txa.get(17, 1);
        if (completion != null) {
            CodeTables.code("document-status", completion)
                    .ifPresent(code -> document.setDocStatus(DocumentReference.ReferredDocumentStatus.fromCode(code)));
        }
        CweToCodeableConcept.inTable(txa.segment(), 2, CodeSystems.V2_0270).ifPresent(document::setType);
        document.setSubject(patient);
        DateTimeType date = DtmToFhir.toDateTime(txa.get(4, 1), txa.at(4), txa.senderZone());
        if (date == null || date.getTimeZone() == null) {
            date = DtmToFhir.toDateTime(txa.get(6, 1), txa.at(6), txa.senderZone());
        }
        if (date != null && date.getPrecision().compareTo(ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND) >= 0
                && date.getTimeZone() != null) {
            document.setDateElement(DtmToFhir.toInstant(date));
        }
        XcnToReference.map(txa.segment(), 9, 0, systems).ifPresent(document::addAuthor);
        XcnToReference.map(txa.segment(), 10, 0, systems).ifPresent(document::setAuthenticator);

        List<String> lines = new ArrayList<>();
        for (V2Message.Seg obx : obxs) {
            String valueType = obx.get(2, 1);
            if ("ED".equals(valueType)) {
                String data = V2Fields.get(obx.segment(), 5, 0, 5, 1);
                if (data != null) {
                    String mime = V2Fields.get(obx.segment(), 5, 0, 2, 1) + "/" + V2Fields.get(obx.segment(), 5, 0, 3, 1);
                    try {
                        document.addContent().setAttachment(new Attachment().setContentType(mime)
                                .setData(Base64.getMimeDecoder().decode(data)));
                    } catch (IllegalArgumentException e) {
                        throw new MappingException(ErrorCode.DATA_TYPE_ERROR, obx.at(5), "OBX-5.5 encapsulated data is not Base64");
                    }
                }
            } else if (valueType == null || List.of("TX", "FT", "ST").contains(valueType)) {
                String text = V2Fields.text(obx.segment(), 5, valueType);
                if (text != null) {
                    lines.add(text);
                }
            }
        }
        if (!lines.isEmpty()) {
            document.addContent().setAttachment(new Attachment().setContentType("text/plain; charset=utf-8")
                    .setData(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        }
        if (!document.hasContent()) {
            throw new MappingException(ErrorCode.REQUIRED_FIELD_MISSING, obxs.isEmpty()
                    ? Locations.segment("OBX", 1) : obxs.get(0).at(5), "The document has no content: no OBX with text (TX, FT, ST) or Base64 data (ED)");
        }
        return document;
    }
}
