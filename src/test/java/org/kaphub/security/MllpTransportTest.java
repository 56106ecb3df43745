package org.kaphub.security;

import org.junit.jupiter.api.Test;
import org.kaphub.partners.Partner;
import org.kaphub.security.MllpTransport.Listener;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

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
        assertThatThrownBy(() -> transport(SecurityProperties.Mode.PRODUCTION, false, false).afterPropertiesSet())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KAP_MLLP_TLS_ALLOWPLAIN=true").hasMessageContaining("KAP_MLLP_TLS_ENABLED=true");
        assertThatCode(() -> transport(SecurityProperties.Mode.PRODUCTION, false, true).afterPropertiesSet()).doesNotThrowAnyException();
        assertThatCode(() -> transport(SecurityProperties.Mode.PRODUCTION, true, false).afterPropertiesSet()).doesNotThrowAnyException();
        assertThatCode(() -> transport(SecurityProperties.Mode.DEVELOPMENT, false, false).afterPropertiesSet()).doesNotThrowAnyException();
    }

    static MllpTransport transport(SecurityProperties.Mode mode, boolean tls, boolean allowPlain) {
        SecurityProperties security = new SecurityProperties(mode, "a-secret", "https://kap.example", "kap-hub",
                Duration.ofMinutes(5), "key.pem", null, new SecurityProperties.External(null, null, null), DataSize.ofMegabytes(16));
        MllpTlsProperties mllp = new MllpTlsProperties(tls, null, null, "PKCS12", null, null,
                MllpTlsProperties.ClientAuth.NONE, allowPlain);
        return new MllpTransport(security, mllp, new Hl7v2SendersTest.Registry(List.<Partner>of()));
    }
}
