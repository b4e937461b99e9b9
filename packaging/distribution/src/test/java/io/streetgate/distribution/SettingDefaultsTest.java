package io.streetgate.distribution;

import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A setting's default is the same wherever it is written: what the site file gives a key it leaves out (the
 * configuration the site component writes) is the default of the component's MetaType, which Config
 * Admin and Kura's console show. A site file with every section present and only its required keys is mapped,
 * and each property is compared with the default of the attribute of the same name.
 */
class SettingDefaultsTest {

    private static final String SITE = """
            node: { id: pole-0001 }
            buses:
              i2c-1: { kind: i2c, number: 1 }
              gpio: { kind: gpio, chip: gpiochip0 }
            sensors:
              env-1: { type: bme280, bus: i2c-1, address: 0x76 }
            actuators:
              lamp-1: { type: pwm_dimmer, bus: gpio, channel: 0 }
            ota:
              repository: https://updates.example.org/streetgate/
              trusted-root: /etc/streetgate/ota-root.json
            coap: {}
            uplink:
              broker: ssl://mqtt.example.org:8883
            """;

    /** Each configuration PID with the binary name of the MetaType its component designates. */
    private static final Map<String, String> DESIGNATES = Map.of(
            ConfigAdminMapping.ANALYTICS_PID, "io.streetgate.gateway.pipeline.Pipeline$Config",
            ConfigAdminMapping.BROKER_PID, "io.streetgate.broker.internal.LocalBrokerComponent$Config",
            ConfigAdminMapping.STATUS_PID, "io.streetgate.gateway.status.StatusServer$Config",
            ConfigAdminMapping.SIMULATION_PID, "io.streetgate.gateway.time.GatewayTime$Config",
            ConfigAdminMapping.OTA_PID, "io.streetgate.ota.osgi.OtaAgentComponent$Config",
            ConfigAdminMapping.COAP_PID, "io.streetgate.coap.internal.CoapIngestComponent$Config",
            ConfigAdminMapping.UPLINK_PID, "io.streetgate.uplink.internal.UplinkConfiguration",
            ConfigAdminMapping.CONTROL_PID, "io.streetgate.control.ControlComponent$Config",
            ConfigAdminMapping.CONSOLE_PID, "io.streetgate.console.internal.ConsoleComponent$Config",
            ConfigAdminMapping.SENSOR_FACTORY_PID, "io.streetgate.gateway.sampling.SensorSampler$Config");

    /** Properties the site file derives from other keys rather than defaults, and why. */
    private static final Map<String, String> DERIVED = Map.of(
            "streetgate.analytics fingerprint", "a hash of the analytics section",
            "streetgate.control fingerprint", "a hash of the actuators and control sections",
            "streetgate.control actuators", "the number of actuators",
            "streetgate.sensor address", "the sensor's own address",
            "streetgate.uplink client.id", "the node id, for which the MetaType's empty default stands");

    @Test
    void whatTheSiteFileLeavesOutIsTheMetaTypesDefault() throws Exception {
        SiteFile.Result read = SiteFile.parse(SITE, "site.yaml", DeviceCatalog.installed());
        assertEquals(List.of(), read.problems().stream().map(Object::toString).toList());
        SiteConfig site = read.config().orElseThrow();
        List<String> differ = new ArrayList<>();
        int compared = 0;
        List<ConfigAdminMapping.Entry> entries = ConfigAdminMapping.entries(site);
        for (ConfigAdminMapping.Entry entry : entries) {
            String ocd = DESIGNATES.get(entry.pid());
            if (ocd == null) {
                continue;
            }
            for (Method attribute : Class.forName(ocd).getDeclaredMethods()) {
                Object fallback = attribute.getDefaultValue();
                String key = property(attribute.getName());
                if (fallback == null || !entry.properties().containsKey(key)
                        || DERIVED.containsKey(entry.pid() + " " + key)) {
                    continue;
                }
                compared++;
                Object given = entry.properties().get(key);
                if (!same(fallback, given)) {
                    differ.add(entry.pid() + " " + key + ": site file " + show(given) + ", MetaType " + show(fallback));
                }
            }
        }
        assertEquals(List.of(), differ);
        assertTrue(compared >= 40, "only " + compared + " settings compared");
    }

    /** OSGi's mapping of an attribute method's name to a property key: '_' is '.', '__' is '_', '$_$' is '-'. */
    static String property(String method) {
        return method.replace("$_$", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static boolean same(Object fallback, Object given) {
        if (fallback instanceof Number a && given instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        if (fallback.getClass().isArray() && given != null && given.getClass().isArray()) {
            return show(fallback).equals(show(given));
        }
        return Objects.equals(fallback, given);
    }

    private static String show(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(Array.get(value, i));
            }
            return items.toString();
        }
        return String.valueOf(value);
    }
}
