package io.streetgate.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's own certificate: made once on the node, read by the JDK as a valid X.509 v3 certificate. */
class NodeCertificateTest {

    @Test
    void isMadeAtTheFirstStartWithAnOwnerOnlyKeyAndKeptAfterwards(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-21T19:30:00Z"));
        List<String> hosts = List.of("localhost", "pole-0042", "127.0.0.1", "::1", "192.168.7.2");
        NodeCertificate made = NodeCertificate.loadOrCreate(dir, "streetgate console pole-0042", hosts, clock,
                new SecureRandom());
        assertTrue(made.created());
        X509Certificate cert = made.certificate();
        cert.verify(cert.getPublicKey());   // self-signed, and the signature the JDK checks is right
        cert.checkValidity(java.util.Date.from(clock.instant()));
        assertEquals(3, cert.getVersion());
        assertEquals("CN=streetgate console pole-0042", cert.getSubjectX500Principal().getName());
        assertEquals("SHA256withECDSA", cert.getSigAlgName());
        Set<String> names = cert.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString())
                .collect(Collectors.toSet());
        assertEquals(Set.of("localhost", "pole-0042", "127.0.0.1", "0:0:0:0:0:0:0:1", "192.168.7.2"), names);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("console.key"))));
        assertTrue(Files.readString(dir.resolve("console.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(made.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));

        NodeCertificate again = NodeCertificate.loadOrCreate(dir, "other", hosts, clock, new SecureRandom());
        assertFalse(again.created());
        assertEquals(made.fingerprint(), again.fingerprint());
        again.sslContext();

        clock.advance(NodeCertificate.VALIDITY.plus(Duration.ofDays(1)));
        NodeCertificate renewed = NodeCertificate.loadOrCreate(dir, "streetgate console pole-0042", hosts, clock,
                new SecureRandom());
        assertTrue(renewed.created(), "an expired certificate is made again");
        assertNotEquals(made.fingerprint(), renewed.fingerprint());
    }

    @Test
    void derLengthsAboveOneTwentySevenUseTheLongForm() {
        byte[] content = new byte[300];
        byte[] tlv = Der.tlv(Der.OCTET_STRING, content);
        assertEquals(4 + 300, tlv.length);
        assertEquals((byte) 0x82, tlv[1]);
        assertEquals(1, tlv[2]);
        assertEquals(44, tlv[3]);
        // X.690 8.19 example: 2.999.3 is 0x88 0x37 0x03
        byte[] oid = Der.oid("2.999.3");
        assertEquals(List.of((byte) 0x06, (byte) 3, (byte) 0x88, (byte) 0x37, (byte) 0x03),
                List.of(oid[0], oid[1], oid[2], oid[3], oid[4]));
    }
}
