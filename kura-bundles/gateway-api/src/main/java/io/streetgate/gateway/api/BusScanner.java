package io.streetgate.gateway.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What answers on the gateway's buses (docs/scan.md), asked of the running gateway that owns them, for other
 * bundles such as the web console: the scan {@code streetgate scan} does with the gateway stopped, done here on
 * each bus's own thread between the gateway's reads.
 */
public interface BusScanner {

    /**
     * Scans the site file's I2C and Modbus buses and lists the serial ports. Each bus is a map with {@code bus},
     * {@code kind}, {@code where}, {@code scanned} (false with {@code problem} when it could not be opened), and
     * what answered: for I2C {@code found} ({@code address}, {@code chip}: what it probably is, {@code detail}),
     * for Modbus {@code units} ({@code unit}, {@code outcome}, {@code detail}) and {@code hint} when none answers.
     * The serial ports come last as {@code kind: serial} with {@code ports} ({@code path}, {@code device},
     * {@code kind}; stable by-id names first).
     *
     * @param firstUnit   the first Modbus unit id to ask (1..247; a range outside is the Modbus buses' problem)
     * @param lastUnit    the last one
     * @param unitTimeout how long each unit has to answer
     * @throws IllegalArgumentException for a timeout outside the bounds {@link #defaults()} names, saying so
     */
    List<Map<String, Object>> scan(int firstUnit, int lastUnit, Duration unitTimeout);

    /** What a scan asks unless told otherwise: {@code first_unit}, {@code last_unit}, {@code timeout_ms},
     * and the bounds of the timeout ({@code min_timeout_ms}, {@code max_timeout_ms}). */
    Map<String, Object> defaults();
}
