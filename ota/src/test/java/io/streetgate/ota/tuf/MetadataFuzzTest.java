package io.streetgate.ota.tuf;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a repository or a man in the middle serves as a TUF metadata file, {@link Metadata#parse} gives the
 * role it holds, or a {@link TufException} naming the file: never another exception, a hang or an unbounded
 * allocation. The file is read before any signature on it is checked, so every byte of it is the attacker's.
 * A root's signatures are then checked with its own keys, as a client checks a new root, which may refuse but
 * not fail otherwise.
 *
 * <p>The regression corpus (seeds and every finding, in {@code MetadataFuzzTestInputs/parse/}) runs in the test
 * command; {@code ./fuzz.sh tuf-metadata 300} fuzzes (docs/security.md).
 */
class MetadataFuzzTest {

    private static final String FILE = "fuzz.json";

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] file) {
        Metadata<? extends Signed> metadata;
        try {
            metadata = Metadata.parse(file, FILE);
        } catch (TufException refused) {
            assertTrue(refused.getMessage().startsWith(FILE), "the message names the file: " + refused.getMessage());
            return;
        }
        assertTrue(Metadata.TOP_LEVEL.contains(metadata.signed().type()), "a top-level role: " + metadata.signed());
        byte[] canonical = metadata.canonicalSigned();
        Metadata<? extends Signed> again = Metadata.parse(metadata.toBytes(), FILE);
        assertArrayEquals(canonical, again.canonicalSigned(), "written and read again, it signs the same bytes");
        assertEquals(metadata.signatures(), again.signatures());
        if (metadata.signed() instanceof Root root) {
            for (String role : Metadata.TOP_LEVEL) {
                if (root.role(role) == null) {
                    continue;
                }
                try {
                    metadata.verifyThreshold(root.keysOf(role), root.role(role), FILE);
                } catch (TufException unsigned) {
                    assertEquals(TufException.Reason.UNSIGNED, unsigned.reason(), unsigned.getMessage());
                }
            }
        }
    }
}
