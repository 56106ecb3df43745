package org.kaphub.hl7v2.mllp;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;
import org.apache.camel.component.mllp.internal.TcpSocketConsumerRunnable;
import org.springframework.stereotype.Component;

import javax.net.ssl.SSLSocket;
import java.util.Map;

/**
 * camel-mllp as the {@code mllp:} scheme, except that a frame too short to hold "MSH|" (an empty frame above all)
 * is answered with the ACK the route set. camel-mllp 4.17's {@code MllpTcpServerConsumer.sendAcknowledgement} reads
 * byte 3 of the received payload (its MSH-1) once the route has set {@code CamelMllpAcknowledgementString}; on a
 * shorter payload that throws ArrayIndexOutOfBoundsException after the route ran, and camel resets the connection
 * instead of answering. {@code sendAcknowledgement} is package-private, so such frames are run through the route and
 * answered here; every longer frame takes camel's own path unchanged.
 *
 * <p>Camel takes a registry bean named after the scheme before its own class; the camel-mllp starter still applies
 * {@code camel.component.mllp.*} to it. Camel's own {@code @Component("mllp")} is repeated here because camel finds
 * the generated option configurers (e.g. for maxBufferSize) by that annotation on the concrete class.
 */
@Component("mllp")
@org.apache.camel.spi.annotations.Component("mllp")
public class ShortFrameAnsweringMllpComponent extends MllpComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        // camel parses host:port and binds the URI options; only the consumer class differs.
        MllpEndpoint configured = (MllpEndpoint) super.createEndpoint(uri, remaining, parameters);
        MllpConfiguration options = configured.getConfiguration();
        ShortFrameAnsweringEndpoint endpoint = new ShortFrameAnsweringEndpoint(uri, this, options);
        endpoint.setHostname(configured.getHostname());
        endpoint.setPort(configured.getPort());
        // The endpoint takes a copy, and camel-mllp 4.17's MllpConfiguration.copy leaves out the buffer sizes.
        endpoint.getConfiguration().setMinBufferSize(options.getMinBufferSize());
        endpoint.getConfiguration().setMaxBufferSize(options.getMaxBufferSize());
        return endpoint;
    }

    static final class ShortFrameAnsweringEndpoint extends MllpEndpoint {

        ShortFrameAnsweringEndpoint(String uri, MllpComponent component, MllpConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            Consumer consumer = new ShortFrameAnsweringConsumer(this, processor);
            configureConsumer(consumer);
            return consumer;
        }
    }

    static final class ShortFrameAnsweringConsumer extends MllpTcpServerConsumer {

        /** "MSH|": camel-mllp reads byte 3 before it sends a route-set ACK. */
        static final int SHORTEST_FRAME_CAMEL_ANSWERS = 4;

        ShortFrameAnsweringConsumer(MllpEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
        }

        @Override
        public void processMessage(byte[] payload, TcpSocketConsumerRunnable connection) {
            if (payload == null || payload.length >= SHORTEST_FRAME_CAMEL_ANSWERS) {
                super.processMessage(payload, connection);
                return;
            }
            // What camel's processMessage does, minus the MSH reading this payload cannot take.
            getConsumerRunnables().put(connection, System.currentTimeMillis());
            Exchange exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            exchange.getIn().setBody(payload, byte[].class);
            if (connection.hasRemoteAddress()) {
                exchange.getIn().setHeader(MllpConstants.MLLP_REMOTE_ADDRESS, connection.getRemoteAddress());
            }
            if (connection.getSocket() instanceof SSLSocket tls) {
                enrichWithClientCertInformation(tls.getSession(), exchange.getIn());
            }
            MllpSocketBuffer out = connection.getMllpBuffer();
            try {
                createUoW(exchange);
                getProcessor().process(exchange);
                byte[] ack = exchange.getProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT_STRING, byte[].class);
                if (ack == null) {
                    throw new IllegalStateException("The route set no acknowledgement");
                }
                out.setEnvelopedMessage(ack);
                out.writeTo(connection.getSocket());
            } catch (Exception e) {
                connection.resetSocket("Short frame not answered");
                getExceptionHandler().handleException("Short frame not answered", exchange, e);
            } finally {
                out.reset();
                doneUoW(exchange);
                releaseExchange(exchange, false);
            }
        }
    }
}
