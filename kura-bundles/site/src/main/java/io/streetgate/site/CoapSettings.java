package io.streetgate.site;

import io.streetgate.driver.OptionSpec;
import io.streetgate.site.SiteSettings.Setting;
import io.streetgate.site.SiteSettings.Table;

import java.time.Duration;
import java.util.List;

/**
 * The one definition of the {@code coap:} section's settings: each key with its type, default, unit, valid values
 * and doc. {@link CoapSection} reads the keys through it, and docs/coap.md's site file table is held equal to it
 * by {@code SiteSettingsDocTest}.
 */
public final class CoapSettings {

    private static final Table COAP = new Table("");

    static final OptionSpec BIND = COAP.add(Setting.text("bind", "the address both endpoints bind to: the "
            + "interface the nodes reach", "127.0.0.1"));
    static final OptionSpec DTLS_ENABLED = COAP.add(Setting.bool("dtls.enabled", "whether the DTLS 1.2 endpoint "
            + "runs", true));
    static final OptionSpec DTLS_PORT = COAP.add(Setting.port("dtls.port", "the DTLS endpoint's UDP port", 5684));
    static final OptionSpec PLAIN_ENABLED = COAP.add(Setting.bool("plain.enabled", "whether the plain CoAP "
            + "endpoint runs: no authentication, no encryption; trusted links only", false));
    static final OptionSpec PLAIN_PORT = COAP.add(Setting.port("plain.port", "the plain endpoint's UDP port, not "
            + "the DTLS one", 5683));
    static final OptionSpec KEY_FILE = COAP.add(Setting.text("key-file", "the node key file; coap/node-keys in "
            + "the state directory when left out", ""));
    static final OptionSpec RPK_FILE = COAP.add(Setting.text("rpk-file", "the gateway's raw-public-key pair; "
            + "coap/gateway-rpk.pem in the state directory when left out", ""));
    static final OptionSpec OBSERVE = COAP.add(Setting.text("observe", "nodes the gateway observes (RFC 7641), "
            + "one per entry; none when left out", "").where("node-id=coap://host:port/path (or coaps://)")
            .as("list"));
    static final OptionSpec QUANTITIES = COAP.add(Setting.text("quantities", "SenML names to quantities, one per "
            + "entry; none when left out", "").where("name=quantity or name=quantity:unit, e.g. "
            + "moisture=soil_moisture:%").as("list"));
    static final OptionSpec MAX_PAYLOAD = COAP.add(Setting.integer("limits.max-payload", "the largest payload", 64,
            65536, 4096L).in("bytes"));
    static final OptionSpec MAX_RECORDS = COAP.add(Setting.integer("limits.max-records", "the most records per "
            + "pack", 1, 10_000, 100L));
    static final OptionSpec MAX_AGE = COAP.add(Setting.duration("limits.max-age", "the oldest reading accepted",
            Duration.ofHours(1), Duration.ofDays(365), Duration.ofDays(7)));
    static final OptionSpec MAX_AHEAD = COAP.add(Setting.duration("limits.max-ahead", "how far ahead of the "
            + "gateway's clock a reading may be (node clocks drift)", Duration.ZERO, Duration.ofDays(1),
            Duration.ofMinutes(10)));
    static final OptionSpec RATE = COAP.add(Setting.decimal("limits.rate", "requests per second one node may "
            + "make, sustained", 0.001, 10_000, 1.0).in("per second"));
    static final OptionSpec BURST = COAP.add(Setting.integer("limits.burst", "requests one node may make at once "
            + "(its bucket)", 1, 10_000, 20L));
    static final OptionSpec MAX_SERIES = COAP.add(Setting.integer("limits.max-series", "distinct series (source "
            + "and quantity) one node may hold at once", 1, 10_000, 64L));
    static final OptionSpec SERIES_IDLE = COAP.add(Setting.duration("limits.series-idle", "after how long a "
            + "series its node stopped posting frees its place", Duration.ofHours(1), Duration.ofDays(30),
            Duration.ofDays(2)));

    private CoapSettings() {
    }

    /** Every key of the section, in the order of docs/coap.md's table. */
    public static List<Setting> all() {
        return COAP.rows();
    }
}
