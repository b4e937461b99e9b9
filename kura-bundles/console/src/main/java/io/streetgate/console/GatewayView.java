package io.streetgate.console;

import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the console reads from and asks of the running gateway; the framework component supplies it. */
public interface GatewayView {

    /** The node, its site, the software version, uptime, gateway time, whether the street is simulated. */
    Map<String, Object> node();

    /** Every part's health, sorted by name. */
    List<ComponentStatus> parts();

    /** Gateway time now (readings and overrides' expiries are in it). */
    Instant now();

    /** Runs a command through the component that owns it, audited there as coming from {@code origin}. */
    CommandResult command(String name, String target, Map<String, Object> arguments, String origin);

    /** The devices the self-test can test ({@code device, kind, type}); empty while it is not available. */
    List<Map<String, Object>> selfTestDevices();

    /** Tests one device (see {@link io.streetgate.gateway.api.SelfTestRunner#test}). */
    Map<String, Object> selfTest(String deviceId, Duration timeout, String origin);
}
