package io.streetgate.provision;

import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

import static io.streetgate.provision.ProvisionCommandTest.CLOCK;
import static io.streetgate.provision.ProvisionCommandTest.DAY;
import static io.streetgate.provision.ProvisionCommandTest.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Provisioning as the console uses it: the library behind {@code streetgate provision}, without the CLI. */
class ProvisioningTest {
    @TempDir
    Path tmp;

    Provisioning provisioning() {
        return new Provisioning(tmp.resolve("state"), tmp.resolve("etc"), null, CLOCK, new SecureRandom());
    }

    @Test
    void aNodeIdGivesTheNodeItsKeyAndACsrToDownload() throws Exception {
        Outcome outcome = provisioning().provision(ProvisionRequest.node("pole-0042"));

        assertTrue(outcome.ok(), outcome.text());
        assertEquals(List.of("identity"), outcome.changed());
        byte[] csr = provisioning().certificateRequest().orElseThrow();
        try (PEMParser parser = new PEMParser(new StringReader(new String(csr, StandardCharsets.US_ASCII)))) {
            assertEquals("CN=pole-0042", ((PKCS10CertificationRequest) parser.readObject()).getSubject().toString());
        }
        assertFalse(new String(csr, StandardCharsets.US_ASCII).contains("PRIVATE"), "only the request, never the key");
    }

    @Test
    void aCertificateFromTheCaIsInstalledAndTheCheckSaysWhatIsStillMissing() throws Exception {
        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        provisioning().provision(new ProvisionRequest("pole-0042", null, "ssl://mqtt.city.example:8883", false, caPem,
                null, null, null, false, false, false, null));
        byte[] csr = provisioning().certificateRequest().orElseThrow();
        PKCS10CertificationRequest request;
        try (PEMParser parser = new PEMParser(new StringReader(new String(csr, StandardCharsets.US_ASCII)))) {
            request = (PKCS10CertificationRequest) parser.readObject();
        }
        Path cert = TestCa.writePem(tmp.resolve("pole-0042.crt"),
                List.of(ca.sign(request, NOW.minus(DAY), NOW.plus(DAY.multipliedBy(365)))));

        Outcome installed = provisioning().provision(new ProvisionRequest(null, null, null, false, null, cert, null,
                null, false, false, false, null));
        assertTrue(installed.ok(), installed.text());
        assertEquals(List.of("cert"), installed.changed());

        Outcome check = provisioning().check(Optional.empty());
        assertFalse(check.ok(), "no site file yet: " + check.text());
        assertEquals(List.of("site"), check.json().get("missing"));
    }

    @Test
    void aRefusalNamesAFileAsTheCallerNamesIt() throws Exception {
        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path leaf = TestCa.writePem(tmp.resolve("upload-4711.pem"), List.of(ca.issue(
                new org.bouncycastle.asn1.x500.X500Name("CN=pole-0042"), TestCa.ecKeyPair().getPublic(),
                NOW.minus(DAY), NOW.plus(DAY))));
        Outcome outcome = provisioning().provision(new ProvisionRequest("pole-0042", null, null, false, leaf, null, null,
                null, false, false, false, null)).naming(java.util.Map.of(leaf, "the pasted CA certificates"));

        assertEquals(Provisioning.USAGE, outcome.exit());
        assertEquals("--ca the pasted CA certificates: CN=pole-0042 is not a CA certificate (no basicConstraints "
                + "CA:TRUE)", outcome.error());
        assertFalse(outcome.text().contains("upload-4711"), outcome.text());
    }

    @Test
    void aRefusalSaysWhyAndLeavesNothingBehind() {
        Outcome outcome = provisioning().provision(new ProvisionRequest("pole-0042", null, "tcp://10.0.0.5:1883", false,
                null, null, null, null, false, false, false, null));

        assertEquals(Provisioning.USAGE, outcome.exit());
        assertTrue(outcome.error().contains("is plain TCP"), outcome.error());
        assertTrue(outcome.text().startsWith("provision: --broker 'tcp://10.0.0.5:1883'"), outcome.text());
        assertNull(outcome.footer());
        assertFalse(Files.exists(tmp.resolve("state/identity")), "nothing was written");
    }
}
