package io.streetgate.uplink.internal;

import io.streetgate.gateway.status.HealthRegistryImpl;
import io.streetgate.gateway.time.ClockRule;
import io.streetgate.site.UplinkConfig;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.UplinkSettings;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.payload.SenmlCborFormat;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.store.ForwardStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one way an uplink is put together from its settings (the gateway's component uses it, the fleet through Uplink). */
class UplinkAssemblyTest {

    @TempDir
    Path dir;

    PayloadFormat formatNamed(String name) {
        TimeBase time = TimeBase.system();
        try (ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(dir.resolve(name + ".db"), 1L << 20),
                time)) {
            return new UplinkAssembly(settings(name), store, new CommandDispatcher(), new HealthRegistryImpl(), time,
                    ClockRule.simulated(time.now(), ClockRule.BACKWARDS_TOLERANCE).check(time::now)).format();
        }
    }

    static UplinkSettings settings(String format) {
        return UplinkSettings.builder("pole-0042").format(format).build();
    }

    @Test
    void theSettingsBuilderStartsFromTheSiteFilesDefaults() {
        // docs/uplink.md: json, group and topic prefix streetgate, max-in-flight 64, reconnect 2s up to 5m
        assertEquals(new UplinkSettings("pole-0042", "json", "streetgate", "streetgate",
                UplinkConfig.Sparkplug.DEFAULT, UplinkConfig.Pack.DEFAULT, UplinkConfig.Budget.NONE,
                new UplinkSettings.Sending(64, Duration.ofSeconds(2), Duration.ofMinutes(5))),
                UplinkSettings.builder("pole-0042").build());
    }

    @Test
    void toBuilderChangesOneSettingAndKeepsTheRest() {
        UplinkSettings lean = UplinkSettings.builder("pole-0042").format("senml-cbor").group("harbour")
                .budget(new UplinkConfig.Budget(2_000_000, "day")).build();
        UplinkSettings sparkplug = lean.toBuilder().format("sparkplug").build();
        assertEquals("sparkplug", sparkplug.format());
        assertEquals(lean, sparkplug.toBuilder().format("senml-cbor").build());
    }

    @Test
    void eachFormatTheSiteFileNamesIsMadeFromItsName() {
        assertInstanceOf(JsonFormat.class, formatNamed("json"));
        assertInstanceOf(SparkplugFormat.class, formatNamed("sparkplug"));
        assertInstanceOf(SenmlCborFormat.class, formatNamed("senml-cbor"));
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheValueAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> formatNamed("xml"));
        assertEquals("uplink format 'xml' is not known: use json, sparkplug or senml-cbor", e.getMessage());
    }
}
