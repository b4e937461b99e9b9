package io.streetgate.sim.coap;

import io.streetgate.sim.StreetScenario;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedCoapNodeTest {

    static final Instant T = Instant.parse("2026-06-21T12:00:00Z");

    @Test
    void channelsAreDeterministicFunctionsOfTimeInPlausibleRanges() {
        NodeChannel moisture = NodeChannel.soilMoisture(7);
        NodeChannel level = NodeChannel.waterLevel(7, 2.0);
        NodeChannel temperature = NodeChannel.temperature(new StreetScenario(52.37, 4.9, 7));
        for (int hour = 0; hour < 24 * 14; hour++) {
            Instant at = T.plus(Duration.ofHours(hour));
            assertEquals(moisture.value().apply(at), NodeChannel.soilMoisture(7).value().apply(at));
            double m = moisture.value().apply(at);
            assertTrue(m >= 13 && m <= 35, m + " % at " + at);
            double l = level.value().apply(at);
            assertTrue(l >= 1.55 && l <= 2.45, l + " m at " + at);
            double c = temperature.value().apply(at);
            assertTrue(c > -10 && c < 45, c + " °C at " + at);
        }
    }

    @Test
    void aNodePostsItsPackOverDtlsWithItsPreSharedKeyAndItsBatteryDrains() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Configuration config = SimulatedCoapNode.configuration();
        AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
        keys.setKey("bed-4", "bed-4-secret".getBytes(StandardCharsets.US_ASCII));
        CoapServer gateway = new CoapServer(config);
        gateway.addEndpoint(new CoapEndpoint.Builder().setConfiguration(config).setConnector(new DTLSConnector(
                DtlsConnectorConfig.builder(config).set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                        .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .setAdvancedPskStore(keys).build())).build());
        CoapResource readings = new CoapResource("readings");
        readings.add(new CoapResource("bed-4") {
            @Override
            public void handlePOST(CoapExchange exchange) {
                var identity = (PreSharedKeyIdentity) exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
                received.add(identity.getIdentity() + " " + exchange.getRequestOptions().getContentFormat() + " "
                        + exchange.getRequestText());
                exchange.respond(ResponseCode.CHANGED);
            }
        });
        gateway.add(readings);
        gateway.start();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        try (SimulatedCoapNode node = SimulatedCoapNode.builder("bed-4")
                .psk("bed-4", "bed-4-secret".getBytes(StandardCharsets.US_ASCII))
                .encoding(SenmlWriter.Encoding.JSON).channel(NodeChannel.soilMoisture(1))
                .clock(Clock.fixed(T, ZoneOffset.UTC)).build()
                .connect(URI.create("coaps://127.0.0.1:" + gateway.getEndpoints().get(0).getAddress().getPort()),
                        executor)) {

            assertEquals("2.04", node.post().get(60, TimeUnit.SECONDS));
            String first = received.poll(10, TimeUnit.SECONDS);
            assertNotNull(first);
            assertTrue(first.startsWith("bed-4 110 [{\"bn\":\"bed-4/\",\"bt\":1782043200,\"n\":\"moisture\",\"u\":\"%\","),
                    first);
            assertTrue(first.endsWith("{\"n\":\"battery\",\"u\":\"V\",\"v\":3.6}]"), first);
            assertEquals("2.04", node.post().get(60, TimeUnit.SECONDS));
            assertEquals(new SimulatedCoapNode.Stats(2, 2, 0, 0, 3.6 - 2 * SimulatedCoapNode.VOLTS_PER_POST), node.stats());
        } finally {
            gateway.destroy();
            executor.shutdownNow();
        }
    }
}
