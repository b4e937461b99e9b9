package io.streetgate.uplink.command;

import io.streetgate.site.UplinkConfig;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a command from upstream must be to be carried out (the site file's {@code uplink.commands}, docs/uplink.md).
 *
 * @param maxAge           a command issued longer ago than this is stale and refused
 * @param requireSignature whether only commands signed by one of {@code keys} are carried out (with no key
 *                         usable, none is: the rule fails closed)
 * @param keys             the public keys (Ed25519) allowed to sign commands, by name
 * @param perMinute        the most commands carried out per origin and minute (a burst of as many, then one per
 *                         {@code 60 s / perMinute})
 */
public record CommandRules(Duration maxAge, boolean requireSignature, Map<String, PublicKey> keys, int perMinute) {

    /** A command may say it was issued this far in the node's future: the two clocks are never quite equal. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** The site file's defaults (docs/uplink.md): 10 minutes, unsigned commands allowed, 60 a minute per origin. */
    public static final CommandRules DEFAULT = new CommandRules(UplinkConfig.Commands.DEFAULT.maxAge(), false, Map.of(),
            UplinkConfig.Commands.DEFAULT.perMinute());

    public CommandRules {
        Objects.requireNonNull(maxAge, "maxAge");
        keys = Map.copyOf(keys);
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("commands.max-age must be positive, not " + maxAge);
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("commands.per-minute must be at least 1, not " + perMinute);
        }
    }
}
