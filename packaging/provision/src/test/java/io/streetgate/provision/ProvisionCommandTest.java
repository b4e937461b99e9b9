package io.streetgate.provision;

import com.fasterxml.jackson.jr.ob.JSON;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code streetgate provision} end to end: real files in a temp folder, real Bouncy Castle crypto, a test CA. */
class ProvisionCommandTest {
    static final Instant NOW = Instant.parse("2030-05-17T14:30:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path tmp;
    String out;
    String err; // its lines joined: messages are wrapped at 60 columns
    String errLines;

    Path state() {
        return tmp.resolve("state");
    }

    Path etc() {
        return tmp.resolve("etc");
    }

    Path identity(String name) {
        return state().resolve("identity").resolve(name);
    }

    int provision(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] all = Stream.concat(Stream.of("--state-dir", state().toString(), "--config-dir", etc().toString()),
                Arrays.stream(args)).toArray(String[]::new);
        int code = new CommandLine(new ProvisionCommand(CLOCK, new SecureRandom(), Map.of()))
                .setOut(new PrintWriter(o, true)).setErr(new PrintWriter(e, true)).execute(all);
        out = o.toString();
        errLines = e.toString();
        err = errLines.replaceAll("\\s*\\n\\s*", " ");
        return code;
    }

    Path site(String node) throws Exception {
        Path site = tmp.resolve(node + ".yaml");
        Files.writeString(site, "node:\n  id: " + node + "\n  site: harbour-street\nsensors: {}\n");
        return site;
    }

    PKCS10CertificationRequest csr() throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(identity("node.csr"))))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    /** Every file under a folder with its bytes and mode: equal snapshots mean nothing changed. */
    static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String content = Files.isRegularFile(p) ? Arrays.toString(Files.readAllBytes(p)) : "dir";
                files.put(dir.relativize(p).toString(), perms(p) + " " + content);
            }
        }
        return files;
    }

    @Test
    void firstRunMakesAnOwnerOnlyKeyAndACsrForTheNode() throws Exception {
        assertEquals(0, provision("--node", "pole-0042", "--org", "City of Hamburg", "--country", "DE"), err);

        assertEquals("rw-------", perms(identity("node.key")));
        assertEquals("rwx------", perms(state().resolve("identity")));
        assertTrue(Files.readString(identity("node.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        NodeKey key = NodeKey.read(identity("node.key"));

        PKCS10CertificationRequest csr = csr();
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider())
                .build(csr.getSubjectPublicKeyInfo())), "the CSR is signed by node.key's key");
        assertArrayEquals(key.subjectPublicKeyInfo(), csr.getSubjectPublicKeyInfo().getEncoded("DER"));
        X500Name subject = csr.getSubject();
        assertEquals("pole-0042", IETFUtils.valueToString(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue()));
        assertEquals("City of Hamburg", IETFUtils.valueToString(subject.getRDNs(BCStyle.O)[0].getFirst().getValue()));
        assertEquals("DE", IETFUtils.valueToString(subject.getRDNs(BCStyle.C)[0].getFirst().getValue()));
        GeneralNames names = GeneralNames.fromExtensions(csr.getRequestedExtensions(), Extension.subjectAlternativeName);
        List<String> sans = Arrays.stream(names.getNames()).map(n -> n.getTagNo() + ":" + n.getName()).toList();
        assertTrue(sans.contains(GeneralName.dNSName + ":pole-0042"), sans.toString());
        assertTrue(sans.contains(GeneralName.uniformResourceIdentifier + ":urn:streetgate:node:pole-0042"), sans.toString());

        assertTrue(out.contains("identity  new     node.key (EC P-256), csr written"), out);
        assertTrue(out.contains("cert      missing send node.csr to the CA"), out);
        assertEquals("pole-0042", JSON.std.mapFrom(Files.readString(identity("provisioned.json"))).get("node"));
    }

    @Test
    void reRunKeepsTheKeyByteForByteAndSaysKept() throws Exception {
        assertEquals(0, provision("--node", "pole-0042", "--org", "City of Hamburg"), err);
        byte[] key = Files.readAllBytes(identity("node.key"));
        byte[] csr = Files.readAllBytes(identity("node.csr"));

        assertEquals(0, provision(), err); // the node id comes from the earlier run, the org from the CSR
        assertArrayEquals(key, Files.readAllBytes(identity("node.key")));
        assertArrayEquals(csr, Files.readAllBytes(identity("node.csr")));
        assertTrue(out.contains("identity  kept    node.key (EC P-256), csr kept"), out);
        assertTrue(out.contains("nothing changed"), out);
    }

    @Test
    void rotateKeyReplacesTheKeyTheCsrAndTheCertificate() throws Exception {
        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        assertEquals(0, provision("--node", "pole-0042", "--ca", caPem.toString()), err);
        Path cert = TestCa.writePem(tmp.resolve("node.crt"), List.of(ca.sign(csr(), NOW.minus(DAY), NOW.plus(DAY.multipliedBy(365)))));
        assertEquals(0, provision("--install-cert", cert.toString()), err);
        byte[] key = Files.readAllBytes(identity("node.key"));
        byte[] csr = Files.readAllBytes(identity("node.csr"));

        assertEquals(0, provision("--rotate-key"), err);
        assertFalse(Arrays.equals(key, Files.readAllBytes(identity("node.key"))));
        assertFalse(Arrays.equals(csr, Files.readAllBytes(identity("node.csr"))));
        assertEquals("rw-------", perms(identity("node.key")));
        assertFalse(Files.exists(identity("node.crt")), "the certificate of the old key is gone");
        assertTrue(out.contains("identity  changed new node.key"), out);
        assertTrue(out.contains("cert      removed"), out);
    }

    @Test
    void installsTheCaSignedCertificateForThisKey() throws Exception {
        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        assertEquals(0, provision("--node", "pole-0042", "--ca", caPem.toString()), err);
        X509Certificate signed = ca.sign(csr(), NOW.minus(DAY), NOW.plus(DAY.multipliedBy(365)));
        Path cert = TestCa.writePem(tmp.resolve("pole-0042.crt"), List.of(signed));

        assertEquals(0, provision("--install-cert", cert.toString()), err);
        assertEquals(signed, Certificates.readPem(identity("node.crt")).get(0));
        assertTrue(out.contains("cert      new     CN=pole-0042 until 2031-05-17"), out);

        assertEquals(0, provision("--install-cert", cert.toString()), err);
        assertTrue(out.contains("cert      kept"), out);
    }

    @Test
    void refusesACertificateForAnotherKeyAndChangesNothing() throws Exception {
        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        assertEquals(0, provision("--node", "pole-0042", "--ca", caPem.toString()), err);
        X509Certificate other = ca.issue(new X500Name("CN=pole-0042"), TestCa.ecKeyPair().getPublic(),
                NOW.minus(DAY), NOW.plus(DAY.multipliedBy(365)));
        Path cert = TestCa.writePem(tmp.resolve("other.crt"), List.of(other));
        Map<String, String> before = snapshot(state());

        assertEquals(1, provision("--install-cert", cert.toString()));
        assertTrue(err.contains("the certificate is for another key"), err);
        assertEquals(before, snapshot(state()));
        assertFalse(Files.exists(identity("node.crt")));
    }

    @Test
    void refusesACertificateFromAnotherCa() throws Exception {
        TestCa city = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        TestCa rogue = TestCa.create("rogue CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(city.certificate));
        assertEquals(0, provision("--node", "pole-0042", "--ca", caPem.toString()), err);
        Path cert = TestCa.writePem(tmp.resolve("rogue.crt"),
                List.of(rogue.sign(csr(), NOW.minus(DAY), NOW.plus(DAY.multipliedBy(365)))));
        Map<String, String> before = snapshot(state());

        assertEquals(1, provision("--install-cert", cert.toString()));
        assertTrue(err.contains("is not signed by the CA (CN=city CA)"), err);
        assertEquals(before, snapshot(state()));
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception {
        TestCa ca = TestCa.create("city CA", NOW.minus(DAY.multipliedBy(800)), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        assertEquals(0, provision("--node", "pole-0042", "--ca", caPem.toString()), err);
        Path cert = TestCa.writePem(tmp.resolve("old.crt"),
                List.of(ca.sign(csr(), NOW.minus(DAY.multipliedBy(400)), NOW.minus(DAY.multipliedBy(35)))));
        Map<String, String> before = snapshot(state());

        assertEquals(1, provision("--install-cert", cert.toString()));
        assertTrue(err.contains("the certificate expired on 2030-04-12"), err);
        assertEquals(before, snapshot(state()));
    }

    @Test
    void refusesAnExpiredOrNonCaTrustAnchor() throws Exception {
        TestCa expired = TestCa.create("old CA", NOW.minus(DAY.multipliedBy(900)), NOW.minus(DAY));
        assertEquals(2, provision("--node", "pole-0042", "--ca",
                TestCa.writePem(tmp.resolve("old.pem"), List.of(expired.certificate)).toString()));
        assertTrue(err.contains("CN=old CA expired on 2030-05-16"), err);

        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        X509Certificate leaf = ca.issue(new X500Name("CN=not a ca"), TestCa.ecKeyPair().getPublic(), NOW.minus(DAY),
                NOW.plus(DAY));
        assertEquals(2, provision("--node", "pole-0042", "--ca",
                TestCa.writePem(tmp.resolve("leaf.pem"), List.of(leaf)).toString()));
        assertTrue(err.contains("is not a CA certificate"), err);
        assertFalse(Files.exists(state()), "nothing was made");
    }

    @Test
    void aBadSiteFileExitsTwoNamingTheKeyAndChangesNothing() throws Exception {
        assertEquals(0, provision("--site", site("pole-0042").toString()), err);
        Map<String, String> stateBefore = snapshot(state());
        Map<String, String> etcBefore = snapshot(etc());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                node:
                  id: pole-0042
                buses:
                  i2c-1: { kind: i2c, number: 1 }
                sensors:
                  env-1: { type: bme280, bus: i2c-1, address: 0x99, period: 10s }
                """);

        assertEquals(2, provision("--site", bad.toString(), "--broker", "ssl://mqtt.city.example:8883"));
        assertTrue(err.contains("sensors.env-1.address"), err);
        assertTrue(err.contains("nothing was changed"), err);
        assertEquals(stateBefore, snapshot(state()));
        assertEquals(etcBefore, snapshot(etc()));
    }

    @Test
    void installsTheSiteFileKeepingThePreviousOne() throws Exception {
        Path first = site("pole-0042");
        assertEquals(0, provision("--site", first.toString()), err);
        assertEquals("rw-r-----", perms(etc().resolve("site.yaml")));
        assertTrue(out.contains("site      new"), out);

        Path second = tmp.resolve("second.yaml");
        Files.writeString(second, "node:\n  id: pole-0042\n  site: market-square\nsensors: {}\n");
        assertEquals(0, provision("--site", second.toString()), err);
        assertEquals(Files.readString(second), Files.readString(etc().resolve("site.yaml")));
        assertEquals(Files.readString(first), Files.readString(etc().resolve("site.yaml.previous")));
        assertTrue(out.contains("site      changed"), out);
    }

    @Test
    void aNodeIdThatDiffersFromTheSiteFileExitsTwoNamingBoth() throws Exception {
        assertEquals(2, provision("--node", "pole-0042", "--site", site("pole-0041").toString()));
        assertTrue(err.contains("'pole-0041'") && err.contains("'pole-0042'"), err);
        assertFalse(Files.exists(state()));
        assertFalse(Files.exists(etc()));
    }

    @Test
    void anotherNodeIdNeedsTheIdentityReplaced() throws Exception {
        assertEquals(0, provision("--node", "pole-0041", "--psk"), err);
        Map<String, String> before = snapshot(state());

        assertEquals(2, provision("--node", "pole-0042"));
        assertTrue(err.contains("provisioned as node 'pole-0041'") && err.contains("--rotate-key and --rotate-psk"), err);
        assertEquals(before, snapshot(state()));

        assertEquals(0, provision("--node", "pole-0042", "--rotate-key", "--rotate-psk"), err);
        assertEquals("pole-0042", PreSharedKey.read(identity("psk")).identity());
    }

    @Test
    void aPlainTcpBrokerIsRefusedUnlessAskedFor() throws Exception {
        assertEquals(2, provision("--node", "pole-0042", "--broker", "tcp://10.0.0.5:1883"));
        assertTrue(err.contains("plain TCP") && err.contains("--insecure-broker") && err.contains("ssl://10.0.0.5:8883"),
                err);
        assertFalse(Files.exists(state()));

        assertEquals(0, provision("--node", "pole-0042", "--broker", "tcp://10.0.0.5:1883", "--insecure-broker"), err);
        assertTrue(out.contains("plain TCP"), out);
        assertEquals(0, provision("--broker", "mqtts://mqtt.city.example:8883"), err);
        assertTrue(out.contains("broker    changed mqtts://mqtt.city.example:8883"), out);
        assertEquals(2, provision("--broker", "http://mqtt.city.example"));
        errLines.lines().forEach(l -> assertTrue(l.length() <= 60, "too wide: '" + l + "'"));
    }

    @Test
    void pskIsOwnerOnlyShownByFingerprintAndKeptOnReRun() throws Exception {
        Path export = tmp.resolve("back-office").resolve("pole-0042.psk");
        assertEquals(0, provision("--node", "pole-0042", "--psk", "--psk-export", export.toString()), err);
        assertEquals("rw-------", perms(identity("psk")));
        assertEquals("rw-------", perms(export));
        PreSharedKey psk = PreSharedKey.read(identity("psk"));
        assertEquals("pole-0042", psk.identity());
        assertTrue(out.contains("psk       new     identity pole-0042"), out);
        assertTrue(out.contains(psk.fingerprint()), out);
        String line = Files.readAllLines(export).get(1);
        assertTrue(line.matches("pole-0042 psk pole-0042 hex:[0-9a-f]{64}"), line);
        byte[] file = Files.readAllBytes(identity("psk"));

        assertEquals(0, provision("--psk"), err);
        assertArrayEquals(file, Files.readAllBytes(identity("psk")));
        assertTrue(out.contains("psk       kept    identity pole-0042"), out);

        assertEquals(0, provision("--rotate-psk"), err);
        assertFalse(Arrays.equals(file, Files.readAllBytes(identity("psk"))));
        assertTrue(out.contains("psk       changed"), out);
    }

    @Test
    void noOutputOrRecordEverHoldsThePrivateKeyOrThePsk() throws Exception {
        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        StringBuilder everything = new StringBuilder();
        provision("--node", "pole-0042", "--psk", "--psk-export", tmp.resolve("x.psk").toString(), "--ca",
                caPem.toString(), "--broker", "ssl://mqtt.city.example:8883", "--site", site("pole-0042").toString());
        everything.append(out).append(err);
        provision("--json");
        everything.append(out).append(err);
        provision("--check", "--json");
        everything.append(out).append(err);
        provision("--check");
        everything.append(out).append(err).append(Files.readString(identity("provisioned.json")));

        String keyPem = Files.readString(identity("node.key"));
        String keyBase64 = keyPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var d = ((org.bouncycastle.jce.interfaces.ECPrivateKey) NodeKey.read(identity("node.key")).privateKey()).getD();
        String pskHex = Files.readAllLines(identity("psk")).stream().filter(l -> l.startsWith("key=hex:"))
                .findFirst().orElseThrow().substring("key=hex:".length());
        byte[] pskBytes = java.util.HexFormat.of().parseHex(pskHex);
        String text = everything.toString();
        String lower = text.toLowerCase();
        assertFalse(text.contains(keyBase64.substring(40, 80)), "a piece of the PKCS#8 key");
        assertFalse(lower.contains(d.toString(16)), "the private scalar in hex");
        assertFalse(text.contains(d.toString()), "the private scalar in decimal");
        assertFalse(lower.contains(pskHex), "the psk in hex");
        assertFalse(text.contains(java.util.Base64.getEncoder().encodeToString(pskBytes).substring(0, 40)),
                "the psk in base64");
        assertFalse(text.contains(new String(pskBytes, StandardCharsets.ISO_8859_1)), "the psk's raw bytes");
        assertTrue(text.contains("pole-0042"), "the check did run: " + text);
    }

    @Test
    void checkSaysWhatIsMissingAndPassesOnlyWhenEverythingIsThere() throws Exception {
        assertEquals(1, provision("--check"));
        assertTrue(out.contains("not ready: key, cert or psk, broker, ca, site"), out);

        TestCa ca = TestCa.create("city CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        assertEquals(0, provision("--site", site("pole-0042").toString(), "--ca", caPem.toString(),
                "--broker", "ssl://mqtt.city.example:8883"), err);
        assertEquals(1, provision("--check"));
        assertTrue(out.contains("not ready: cert or psk"), out);

        Path cert = TestCa.writePem(tmp.resolve("node.crt"), List.of(ca.sign(csr(), NOW.minus(DAY), NOW.plus(DAY.multipliedBy(365)))));
        assertEquals(0, provision("--install-cert", cert.toString()), err);
        // a site file without an uplink: the node would never send what it measures
        assertEquals(1, provision("--check"), out + err);
        assertTrue(out.contains("not ready: uplink"), out);
        assertTrue(out.contains("the site file has no uplink section"), out);

        Path withUplink = tmp.resolve("with-uplink.yaml");
        Files.writeString(withUplink, Files.readString(site("pole-0042"))
                + "uplink:\n  broker: ssl://mqtt.city.example:8883\n");
        assertEquals(0, provision("--site", withUplink.toString()), err);
        assertEquals(0, provision("--check"), out + err);
        assertTrue(out.contains("ready: fully provisioned"), out);

        assertEquals(0, provision("--check", "--json"), err);
        Map<String, Object> check = JSON.std.mapFrom(out);
        assertEquals(true, check.get("ok"), out);
        assertEquals(List.of(), check.get("missing"), out);

        assertEquals(2, provision("--check", "--rotate-key"));
    }

    @Test
    void theSummaryFitsASixtyColumnScreen() throws Exception {
        TestCa ca = TestCa.create("city of harbour town CA", NOW.minus(DAY), NOW.plus(DAY.multipliedBy(3650)));
        Path caPem = TestCa.writePem(tmp.resolve("ca.pem"), List.of(ca.certificate));
        assertEquals(0, provision("--node", "pole-0042-harbour-street-north-crossing", "--psk",
                "--broker", "ssl://mqtt.operations.city-of-harbour-town.example:8883", "--ca", caPem.toString(),
                "--psk-export", tmp.resolve("a-rather-long-folder-name-for-the-export").resolve("x.psk").toString()),
                err);
        assertTrue(out.lines().count() > 6, out);
        out.lines().forEach(l -> assertTrue(l.length() <= 60, "too wide: '" + l + "'"));
    }

    @Test
    void asRootTheServiceAccountOwnsTheIdentity() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ServiceAccount.runningAsRoot(), "needs root to give files away");
        assertEquals(0, provision("--node", "pole-0042", "--service-user", "nobody"), err);
        assertEquals("nobody", Files.getOwner(identity("node.key")).getName());
        assertEquals("nobody", Files.getOwner(state().resolve("identity")).getName());
    }

    @Test
    void usageMistakesExitTwo() throws Exception {
        assertEquals(2, provision());
        assertTrue(err.contains("--node"), err);
        assertEquals(2, provision("--node", "Pole 42"));
        assertEquals(2, provision("--node", "pole-0042", "--country", "Germany"));
        assertEquals(2, provision("--node", "pole-0042", "--psk-export", tmp.resolve("x").toString()));
        assertEquals(2, provision("--no-such-option"));
        assertFalse(Files.exists(state()));
    }
}
