package org.kaphub.hl7v2.mapping.datatype;

import ca.uhn.hl7v2.model.v28.datatype.XTN;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem;
import org.hl7.fhir.r4.model.ContactPoint.ContactPointUse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kaphub.hl7v2.Hl7v2Fixtures.pid;

class XtnToContactPointTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            // v2.3 style: free-text number in XTN-1
            "(217)555-0101^PRN^PH;                 PHONE; (217)555-0101;            HOME",
            "(217)555-0199^WPN^PH;                 PHONE; (217)555-0199;            WORK",
            "5550100;                              PHONE; 5550100;                  HOME",
            // v2.5+ style: structured number, cell phone
            "^PRN^CP^^1^503^5550142;               PHONE; +1 (503) 5550142;         MOBILE",
            "^PRN^PH^^49^30^1234567^89;            PHONE; +49 (30) 1234567 ext. 89; HOME",
            "^^FX^^^^5550100;                      FAX;   5550100;                  HOME",
            "^PRN^BP^^^^5551234;                   PAGER; 5551234;                  HOME",
            "^PRS^PH^^^^5557777;                   PHONE; 5557777;                  MOBILE",
            // a use code without a FHIR equivalent leaves use empty rather than defaulting it
            "^ORN^PH^^^^5550100;                   PHONE; 5550100;                  ",
            // XTN-12 unformatted number wins over the structured parts and XTN-1
            "(503)555-0000^PRN^PH^^1^503^5550000^^^^^+15035550000; PHONE; +15035550000; HOME",
            "(503)555-0000^PRN^PH^^1^503^5550000;  PHONE; +1 (503) 5550000;         HOME",
            // e-mail: XTN-3 Internet/X.400, or only XTN-2 NET as v2.3 senders do
            "^NET^Internet^maria@example.org;      EMAIL; maria@example.org;        ",
            "^NET^X.400^maria@example.org;         EMAIL; maria@example.org;        ",
            "^NET^^maria@example.org;              EMAIL; maria@example.org;        ",
            "maria@example.org^NET;                EMAIL; maria@example.org;        ",
            "^^Internet^maria@example.org;         EMAIL; maria@example.org;        HOME",
    })
    void mapsNumberSystemAndUse(String text, ContactPointSystem system, String value, ContactPointUse use) {
        ContactPoint contactPoint = XtnToContactPoint.map(xtn(text), ContactPointUse.HOME).orElseThrow();

        assertThat(contactPoint.getSystem()).isEqualTo(system);
        assertThat(contactPoint.getValue()).isEqualTo(value);
        assertThat(contactPoint.getUse()).isEqualTo(use);
    }

    @Test
    void defaultUseAppliesOnlyWhenXtn2IsEmpty() {
        assertThat(XtnToContactPoint.map(xtn("5550100"), ContactPointUse.WORK).orElseThrow().getUse()).isEqualTo(ContactPointUse.WORK);
        assertThat(XtnToContactPoint.map(xtn("5550100^PRN"), ContactPointUse.WORK).orElseThrow().getUse()).isEqualTo(ContactPointUse.HOME);
    }

    @Test
    void unknownEquipmentTypeLeavesSystemEmptyButKeepsTheNumber() {
        ContactPoint contactPoint = XtnToContactPoint.map(xtn("(555)555-0123^HOME^JP:1234567^^1^555^5550123"), null).orElseThrow();

        assertThat(contactPoint.hasSystem()).isFalse();
        assertThat(contactPoint.getValue()).isEqualTo("+1 (555) 5550123");
        assertThat(contactPoint.hasUse()).isFalse();
    }

    @Test
    void noNumberNoContactPoint() {
        assertThat(XtnToContactPoint.map(xtn("^PRN^PH"), ContactPointUse.HOME)).isEmpty();
        assertThat(XtnToContactPoint.map(xtn("^NET^Internet"), ContactPointUse.HOME)).isEmpty();
    }

    private static XTN xtn(String text) {
        return pid("PID|1||1^^^H||DOE||||||||" + text).getPid13_PhoneNumberHome(0);
    }
}
