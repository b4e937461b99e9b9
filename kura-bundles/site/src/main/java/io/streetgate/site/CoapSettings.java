package io.streetgate.site;

import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;

import java.time.Duration;
import java.util.List;

/**
 * The one definition of the {@code coap:} section's settings: each key with its type, default, unit, valid values
 * and doc. {@link CoapSection} reads the keys through it, and docs/coap.md's site file table is held equal to it
 * by {@code SiteSettingsDocTest}.
 */
public final class CoapSettings {

    static final OptionSpec BIND = OptionSpec.text("bind", "the address both endpoints bind to: the interface the "
            + "nodes reach", "127.0.0.1");
    static final OptionSpec DTLS_ENABLED = OptionSpec.bool("enabled", "whether the DTLS 1.2 endpoint runs", true);
    static final OptionSpec DTLS_PORT = OptionSpec.integer("port", "the DTLS endpoint's UDP port", 1, 65535, 5684L);
    static final OptionSpec PLAIN_ENABLED = OptionSpec.bool("enabled", "whether the plain CoAP endpoint runs: no "
            + "authentication, no encryption; trusted links only", false);
    static final OptionSpec PLAIN_PORT = OptionSpec.integer("port", "the plain endpoint's UDP port, not the DTLS "
            + "one", 1, 65535, 5683L);
    static final OptionSpec KEY_FILE = OptionSpec.text("key-file", "the node key file; coap/node-keys in the state "
            + "directory when left out", "");
    static final OptionSpec RPK_FILE = OptionSpec.text("rpk-file", "the gateway's raw-public-key pair; "
            + "coap/gateway-rpk.pem in the state directory when left out", "");
    static final OptionSpec OBSERVE = OptionSpec.text("observe", "nodes the gateway observes (RFC 7641), one per "
            + "entry; none when left out", "");
    static final OptionSpec QUANTITIES = OptionSpec.text("quantities", "SenML names to quantities, one per entry; "
            + "none when left out", "");
    static final OptionSpec MAX_PAYLOAD = OptionSpec.integer("max-payload", "the largest payload", 64, 65536, 4096L);
    static final OptionSpec MAX_RECORDS = OptionSpec.integer("max-records", "the most records per pack", 1, 10_000,
            100L);
    static final OptionSpec MAX_AGE = OptionSpec.duration("max-age", "the oldest reading accepted",
            Duration.ofHours(1), Duration.ofDays(365), Duration.ofDays(7));
    static final OptionSpec MAX_AHEAD = OptionSpec.duration("max-ahead", "how far ahead of the gateway's clock a "
            + "reading may be (node clocks drift)", Duration.ZERO, Duration.ofDays(1), Duration.ofMinutes(10));
    static final OptionSpec RATE = OptionSpec.decimal("rate", "requests per second one node may make, sustained",
            0.001, 10_000, 1.0);
    static final OptionSpec BURST = OptionSpec.integer("burst", "requests one node may make at once (its bucket)", 1,
            10_000, 20L);
    static final OptionSpec MAX_SERIES = OptionSpec.integer("max-series", "distinct series (source and quantity) "
            + "one node may hold at once", 1, 10_000, 64L);
    static final OptionSpec SERIES_IDLE = OptionSpec.duration("series-idle", "after how long a series its node "
            + "stopped posting frees its place", Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(2));

    private CoapSettings() {
    }

    /** Every key of the section, in the order of docs/coap.md's table. */
    public static List<Setting> all() {
        return List.of(
                plain("bind", BIND, ""),
                plain("dtls.enabled", DTLS_ENABLED, ""),
                plain("dtls.port", DTLS_PORT, ""),
                plain("plain.enabled", PLAIN_ENABLED, ""),
                plain("plain.port", PLAIN_PORT, ""),
                plain("key-file", KEY_FILE, ""),
                plain("rpk-file", RPK_FILE, ""),
                new Setting("observe", OBSERVE, "", "node-id=coap://host:port/path (or coaps://)", "list"),
                new Setting("quantities", QUANTITIES, "", "name=quantity or name=quantity:unit, e.g. "
                        + "moisture=soil_moisture:%", "list"),
                plain("limits.max-payload", MAX_PAYLOAD, "bytes"),
                plain("limits.max-records", MAX_RECORDS, ""),
                plain("limits.max-age", MAX_AGE, ""),
                plain("limits.max-ahead", MAX_AHEAD, ""),
                plain("limits.rate", RATE, "per second"),
                plain("limits.burst", BURST, ""),
                plain("limits.max-series", MAX_SERIES, ""),
                plain("limits.series-idle", SERIES_IDLE, ""));
    }

    private static Setting plain(String key, OptionSpec spec, String unit) {
        return new Setting(key, spec, unit, "");
    }
}
