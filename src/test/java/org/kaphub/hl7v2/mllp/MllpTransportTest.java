package org.kaphub.hl7v2.mllp;

import org.junit.jupiter.api.Test;
import org.kaphub.hl7v2.mllp.MllpTransport.Listener;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Production opens a plain-TCP MLLP listener only when told to; without TLS and that setting it does not start. */
class MllpTransportTest {

    @Test
    void theListenerFollowsModeTlsAndTheAllowPlainSetting() {
        assertThat(MllpTransport.decide(false, true, false)).isEqualTo(Listener.TLS);
        assertThat(MllpTransport.decide(false, true, true)).isEqualTo(Listener.TLS);
        assertThat(MllpTransport.decide(true, true, false)).isEqualTo(Listener.TLS);
        assertThat(MllpTransport.decide(false, false, true)).isEqualTo(Listener.PLAIN_ALLOWED);
        assertThat(MllpTransport.decide(false, false, false)).isEqualTo(Listener.REFUSED);
        assertThat(MllpTransport.decide(true, false, false)).isEqualTo(Listener.PLAIN_DEVELOPMENT);
        assertThat(MllpTransport.decide(true, false, true)).isEqualTo(Listener.PLAIN_DEVELOPMENT);
    }

    @Test
    void productionWithoutTlsAndWithoutAllowPlainRefusesToStartAndSaysWhatToSet() {
        assertThatThrownBy(() -> transport(false, false, false).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KAP_MLLP_TLS_ALLOWPLAIN=true").hasMessageContaining("KAP_MLLP_TLS_ENABLED=true");
        assertThatCode(() -> transport(false, false, true).afterPropertiesSet()).doesNotThrowAnyException();
        assertThatCode(() -> transport(false, true, false).afterPropertiesSet()).doesNotThrowAnyException();
        assertThatCode(() -> transport(true, false, false).afterPropertiesSet()).doesNotThrowAnyException();
    }

    static MllpTransport transport(boolean development, boolean tls, boolean allowPlain) {
        MllpTlsProperties mllp = new MllpTlsProperties(tls, null, null, "PKCS12", null, null,
                MllpTlsProperties.ClientAuth.NONE, allowPlain);
        return new MllpTransport(development, mllp);
    }
}
