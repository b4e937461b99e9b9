package io.streetgate.coap.internal;

import io.streetgate.analytics.quality.QualityConfig;
import io.streetgate.driver.HealthState;
import io.streetgate.driver.Quantity;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.driver.time.TimeBase;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DS component as SCR would run it, with its configuration given as Config Admin would. */
class CoapIngestComponentTest {

    @TempDir
    Path state;
    private final CollectingSink sink = new CollectingSink();
    private final Registry registry = new Registry();
    private CoapIngestComponent component;

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    /** A configuration with these properties (dotted names as in Config Admin) and the defaults otherwise. */
    static CoapIngestComponent.Config config(Map<String, Object> properties) {
        return (CoapIngestComponent.Config) Proxy.newProxyInstance(CoapIngestComponentTest.class.getClassLoader(),
                new Class<?>[] {CoapIngestComponent.Config.class}, (proxy, method, args) -> {
                    Object value = properties.get(method.getName().replace('_', '.'));
                    return value != null ? value : method.getDefaultValue();
                });
    }

    BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> method.getName().equals("getProperty")
                        && "streetgate.state.dir".equals(args[0]) ? state.toString() : null);
    }

    CoapIngestComponent activate(Map<String, Object> properties) {
        component = new CoapIngestComponent(context(), sink, registry, TimeBase.system(), QualityConfig.PLAUSIBLE,
                config(properties));
        return component;
    }

    @Test
    void withTheDefaultsOnlyDtlsRunsOnLoopbackAndAnEmptyOwnerOnlyKeyFileIsCreated() throws Exception {
        activate(Map.of("dtls.port", 0));

        Path keys = state.resolve("coap/node-keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertNull(component.server().plainAddress(), "plain CoAP is off unless configured");
        assertEquals("127.0.0.1", component.server().secureAddress().getAddress().getHostAddress());
        ComponentStatus status = registry.get("coap-ingest");
        assertEquals(HealthState.OK, status.health().state());
        assertEquals(0, status.details().get("nodes"));
        assertTrue(String.valueOf(status.details().get("dtls")).startsWith("coaps://127.0.0.1:"), status.toString());
    }

    @Test
    void aNodeAddedToTheKeyFileCanPostWithoutARestart() throws Exception {
        activate(Map.of("dtls.port", 0, "plain.enabled", true, "plain.port", 0,
                "quantities", new String[] {"moisture=soil_moisture:%"}));
        String uri = "coap://127.0.0.1:" + component.server().plainAddress().getPort() + "/readings/bed-4";
        assertEquals(ResponseCode.UNAUTHORIZED, post(uri).getCode());

        Files.writeString(state.resolve("coap/node-keys"), "bed-4 plain\n");
        Files.setLastModifiedTime(state.resolve("coap/node-keys"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        CoapResponse response = null;
        while (System.nanoTime() < deadline) {
            CoapIngestServer s = component.server();
            if (s != null && s.plainAddress() != null) {
                response = post("coap://127.0.0.1:" + s.plainAddress().getPort() + "/readings/bed-4");
                if (response != null && response.getCode() == ResponseCode.CHANGED) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        assertNotNull(response);
        assertEquals(ResponseCode.CHANGED, response.getCode(), response.getResponseText());
        sink.await("bed-4's moisture", l -> l.stream().anyMatch(m -> m.quantity() == Quantity.byName("soil_moisture")),
                Duration.ofSeconds(10));
    }

    static CoapResponse post(String uri) throws Exception {
        CoapClient client = new CoapClient(uri);
        try {
            client.setTimeout(5_000L);
            return client.post("[{\"n\":\"moisture\",\"u\":\"%\",\"v\":35}]", 110);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aBrokenKeyFileMakesThePartFaultyWithTheLine() throws Exception {
        Files.createDirectories(state.resolve("coap"));
        Files.writeString(state.resolve("coap/node-keys"), "soil-17 psk soil-17 text:short\n");

        activate(Map.of("dtls.port", 0));

        ComponentStatus status = registry.get("coap-ingest");
        assertEquals(HealthState.FAULTY, status.health().state());
        assertTrue(status.health().reason().contains("line 1: the key has 5 bytes"), status.health().reason());
        assertNull(component.server());
    }

    @Test
    void aBadObservedNodeEntryMakesThePartFaultyNamingIt() {
        activate(Map.of("dtls.port", 0, "observe", new String[] {"soil-17 coap://x"}));

        assertTrue(registry.get("coap-ingest").health().reason().startsWith("observed node 'soil-17 coap://x' is not "
                + "'node-id=coap://host:port/path'"), registry.get("coap-ingest").toString());
    }

    /** The gateway's own registry, read by part name. */
    static final class Registry extends HealthRegistryImpl {
        ComponentStatus get(String name) {
            return snapshot().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }
    }
}
