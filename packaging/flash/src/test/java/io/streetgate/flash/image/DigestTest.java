package io.streetgate.flash.image;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Both hash implementations give the standard digests, over direct and heap buffers and in pieces. */
class DigestTest {
    /** FIPS 180-2, appendix B.1: SHA-256("abc"). */
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    static ByteBuffer direct(byte[] b) {
        return ByteBuffer.allocateDirect(b.length).put(b).flip();
    }

    @Test
    void theFipsExampleWithOpenSslAndWithTheJdk() {
        Digest openssl = Digest.openssl("SHA-256");
        assertNotNull(openssl, "libcrypto (libssl3) is on every Debian system; JNA could not load it");
        openssl.update(direct("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ABC, openssl.finish());
        Digest jdk = Digest.jdk("SHA-256");
        jdk.update(direct("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ABC, jdk.finish());
    }

    @Test
    void piecesOfALargeBufferHashLikeTheWhole() {
        byte[] data = new byte[3_000_001];
        new Random(1).nextBytes(data);
        for (String name : new String[]{"SHA-256", "SHA-1", "SHA-512"}) {
            Digest whole = Digest.jdk(name);
            whole.update(ByteBuffer.wrap(data));
            Digest pieces = Digest.of(name);
            ByteBuffer d = direct(data);
            for (int at = 0; at < data.length; at += 1_000_000) {
                pieces.update(d.duplicate().position(at).limit(Math.min(data.length, at + 1_000_000)));
            }
            assertEquals(whole.finish(), pieces.finish(), name);
        }
    }
}
