package io.streetgate.site;

import io.streetgate.driver.DeviceConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigAdminMappingTest {

    private static SiteConfig site() throws Exception {
        return SiteFile.read(Path.of(ConfigAdminMappingTest.class.getResource("/good-site.yaml").toURI()),
                TestCatalog.CATALOG).config().orElseThrow();
    }

    @Test
    void everySensorBecomesANamedFactoryConfiguration() throws Exception {
        List<ConfigAdminMapping.Entry> entries = ConfigAdminMapping.entries(site());

        List<String> sensors = entries.stream().filter(ConfigAdminMapping.Entry::isFactory)
                .map(e -> e.pid() + "~" + e.name()).toList();
        assertEquals(List.of("streetgate.sensor~env-1", "streetgate.sensor~light-1", "streetgate.sensor~pir-1"),
                sensors);
        Map<String, Object> node = entries.get(0).properties();
        assertEquals("streetgate.node", entries.get(0).pid());
        assertEquals("pole-0042", node.get("node.id"));
    }

    @Test
    void aDeviceReadBackFromItsPropertiesIsTheDeviceThatWasWritten() throws Exception {
        for (DeviceConfig d : site().sensors()) {
            assertEquals(d, ConfigAdminMapping.device(ConfigAdminMapping.sensorProperties(d)));
        }
    }

    @Test
    void propertiesAreOnlyTypesConfigAdminCanStore() throws Exception {
        for (ConfigAdminMapping.Entry e : ConfigAdminMapping.entries(site())) {
            e.properties().values().forEach(v -> assertTrue(v instanceof String || v instanceof Long
                    || v instanceof Double || v instanceof Boolean || v instanceof String[], e.pid() + " has a " + v.getClass()));
        }
    }

    @Test
    void aMissingPropertyIsNamed() throws Exception {
        Map<String, Object> p = new java.util.HashMap<>(ConfigAdminMapping.sensorProperties(site().sensors().get(0)));
        p.remove("bus.kind");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigAdminMapping.device(p));
        assertEquals("configuration property 'bus.kind' is missing", e.getMessage());
        assertFalse(p.containsKey("bus.kind"));
    }
}
