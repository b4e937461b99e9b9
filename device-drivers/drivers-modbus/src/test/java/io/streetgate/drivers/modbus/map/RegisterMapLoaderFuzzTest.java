package io.streetgate.drivers.modbus.map;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a register map file holds, {@link RegisterMapLoader#parse} gives a map whose entries fit the Modbus
 * address space, or a {@link RegisterMapException} listing each mistake: never another exception, a hang or an
 * unbounded allocation. A map file comes from a technician's laptop or a vendor, next to the site file.
 *
 * <p>The regression corpus (seeds and every finding, in {@code RegisterMapLoaderFuzzTestInputs/parse/}) runs in
 * the test command; {@code ./fuzz.sh modbus-map 300} fuzzes (docs/security.md).
 */
class RegisterMapLoaderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] file) {
        RegisterMap map;
        try {
            map = RegisterMapLoader.parse(new StringReader(new String(file, StandardCharsets.UTF_8)), "fuzz.yaml");
        } catch (RegisterMapException refused) {
            assertFalse(refused.problems().isEmpty(), "a refused map says what is wrong");
            refused.problems().forEach(p -> assertFalse(p.isBlank(), "a problem is not blank"));
            assertTrue(refused.getMessage().startsWith("fuzz.yaml: "), "the message names the file");
            return;
        }
        assertFalse(map.points().isEmpty(), "a map has entries");
        for (Point p : map.points()) {
            assertTrue(p.address() >= 0 && p.address() + p.span() <= 0x10000,
                    p.name() + " at " + p.address() + " spans " + p.span() + " registers within 0..65535");
            assertTrue(Double.isFinite(p.scale()) && p.scale() != 0, p.name() + " scale " + p.scale());
            assertTrue(Double.isFinite(p.offset()), p.name() + " offset " + p.offset());
            assertEquals(p, map.point(p.name()).orElseThrow(), "entries are found by their name");
        }
    }
}
