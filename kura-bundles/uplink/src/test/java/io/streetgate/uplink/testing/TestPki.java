package io.streetgate.uplink.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A certificate authority made for one test run (Bouncy Castle, EC P-256): a server certificate for
 * {@code localhost} and 127.0.0.1, a server certificate that names another host, a client certificate, and
 * a second CA that trusts none of them. Written as PEM files (keys as PKCS#8, as mosquitto and the uplink
 * read them).
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path wrongHostCert;
    public final Path wrongHostKey;
    public final Path clientCert;
    public final Path clientKey;
    public final Path otherCaCert;
    private final KeyPair serverKeys;
    private final X509Certificate[] serverChain;

    private TestPki(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPair ca = keys();
        X509Certificate caCertificate = certificate("CN=streetgate test CA", ca, "CN=streetgate test CA", ca, true,
                null, null);
        caCert = pem(dir.resolve("ca.pem"), caCertificate);

        KeyPair server = keys();
        X509Certificate serverCertificate = certificate("CN=localhost", server, "CN=streetgate test CA", ca,
                false, new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}), KeyPurposeId.id_kp_serverAuth);
        serverKeys = server;
        serverChain = new X509Certificate[] {serverCertificate, caCertificate};
        serverCert = pem(dir.resolve("server.pem"), serverCertificate);
        serverKey = pem(dir.resolve("server.key"), new JcaPKCS8Generator(server.getPrivate(), null).generate());

        KeyPair other = keys();
        wrongHostCert = pem(dir.resolve("wrong-host.pem"), certificate("CN=broker.example", other,
                "CN=streetgate test CA", ca, false, new GeneralNames(new GeneralName(GeneralName.dNSName,
                        "broker.example")), KeyPurposeId.id_kp_serverAuth));
        wrongHostKey = pem(dir.resolve("wrong-host.key"), new JcaPKCS8Generator(other.getPrivate(), null).generate());

        KeyPair client = keys();
        clientCert = pem(dir.resolve("client.pem"), certificate("CN=pole-0042", client, "CN=streetgate test CA", ca,
                false, null, KeyPurposeId.id_kp_clientAuth));
        clientKey = pem(dir.resolve("client.key"), new JcaPKCS8Generator(client.getPrivate(), null).generate());

        KeyPair rogue = keys();
        otherCaCert = pem(dir.resolve("other-ca.pem"), certificate("CN=someone else's CA", rogue,
                "CN=someone else's CA", rogue, true, null, null));
    }

    public static TestPki create(Path dir) {
        try {
            return new TestPki(dir);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the test PKI: " + e, e);
        }
    }

    /**
     * The server's key and certificate chain as a PKCS#12 key store, for brokers that read key stores instead of
     * PEM files (HiveMQ); the key's password is the store's.
     */
    public Path serverKeyStore(Path file, String password) {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", serverKeys.getPrivate(), password.toCharArray(), serverChain);
            try (java.io.OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the server's key store " + file + ": " + e, e);
        }
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                               boolean isCa, GeneralNames names, KeyPurposeId purpose) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(isCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (names != null) {
            b.addExtension(Extension.subjectAlternativeName, false, names);
        }
        if (purpose != null) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(issuerKeys.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static Path pem(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(text)) {
            w.writeObject(object);
        }
        Files.writeString(file, text.toString());
        return file;
    }
}
