package io.streetgate.systemd;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemdEnvironmentTest {

    @Test
    void withoutNotifySocketThereIsNoSystemd() {
        assertTrue(SystemdEnvironment.of(Map.of("WATCHDOG_USEC", "30000000"), 42).isEmpty());
    }

    @Test
    void theWatchdogIsFedAtHalfItsTimeout() {
        SystemdEnvironment env = SystemdEnvironment.of(Map.of("NOTIFY_SOCKET", "/run/systemd/notify",
                "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42).orElseThrow();
        assertEquals(Optional.of(Duration.ofSeconds(15)), env.feedInterval());
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsIgnored() {
        SystemdEnvironment env = SystemdEnvironment.of(Map.of("NOTIFY_SOCKET", "@x",
                "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42).orElseThrow();
        assertEquals(Optional.empty(), env.feedInterval());
    }
}
