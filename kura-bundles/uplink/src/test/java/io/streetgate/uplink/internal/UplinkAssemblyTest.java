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
        return new UplinkSettings("pole-0042", format, "streetgate", "streetgate",
                UplinkConfig.Sparkplug.DEFAULT, UplinkConfig.Pack.DEFAULT, UplinkConfig.Budget.NONE,
                new UplinkSettings.Sending(64, Duration.ofSeconds(2), Duration.ofMinutes(5)));
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
