package io.streetgate.console;

import io.streetgate.gateway.api.secret.Secrets;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The console's TLS identity: an EC P-256 key made on the node ({@code console.key}, PKCS#8 PEM, owner-only)
 * and a self-signed certificate for it ({@code console.crt}) naming the node and the addresses the console
 * listens on. Made at the first start, and again when it has expired. A technician checks the fingerprint the
 * log shows against the browser's warning (docs/console.md).
 */
public final class NodeCertificate {

    static final Duration VALIDITY = Duration.ofDays(5 * 365);
    // RFC 5758 3.2: ecdsa-with-SHA256, no parameters; RFC 5280: commonName, subjectAltName
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final boolean created;

    private NodeCertificate(PrivateKey key, X509Certificate certificate, boolean created) {
        this.key = key;
        this.certificate = certificate;
        this.created = created;
    }

    /**
     * The certificate in {@code dir}, made when there is none or it has expired.
     *
     * @param hosts DNS names and IP addresses the certificate names (localhost, the node id, the listen address)
     */
    public static NodeCertificate loadOrCreate(Path dir, String commonName, List<String> hosts, Clock clock,
                                               SecureRandom random) throws IOException {
        Path keyFile = dir.resolve("console.key");
        Path certFile = dir.resolve("console.crt");
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            NodeCertificate existing = read(keyFile, certFile);
            if (existing.certificate.getNotAfter().toInstant().isAfter(clock.instant())) {
                return existing;
            }
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair pair = generator.generateKeyPair();
            byte[] der = selfSigned(pair, commonName, hosts, clock, random);
            X509Certificate cert = parse(der);
            cert.verify(pair.getPublic());
            Secrets.writeOwnerOnly(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(certFile, pem("CERTIFICATE", der), StandardCharsets.US_ASCII);
            return new NodeCertificate(pair.getPrivate(), cert, true);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the console's certificate: " + e.getMessage(), e);
        }
    }

    static byte[] selfSigned(KeyPair pair, String commonName, List<String> hosts, Clock clock, SecureRandom random)
            throws GeneralSecurityException {
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] name = Der.sequence(Der.tlv(Der.SET, Der.sequence(Der.oid(COMMON_NAME), Der.utf8(commonName))));
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC).withNano(0);
        List<byte[]> altNames = new ArrayList<>();
        for (String host : hosts) {
            altNames.add(isIpLiteral(host) ? Der.context(7, false, ipBytes(host))
                    : Der.context(2, false, host.getBytes(StandardCharsets.US_ASCII)));
        }
        byte[] extensions = Der.context(3, true, Der.sequence(Der.sequence(Der.oid(SUBJECT_ALT_NAME),
                Der.octetString(Der.sequence(altNames.toArray(byte[][]::new))))));
        byte[] tbs = Der.sequence(
                Der.context(0, true, Der.integer(BigInteger.TWO)),   // version 3
                Der.integer(new BigInteger(1, serial)),
                algorithm,
                name,
                Der.sequence(Der.time(now.minusHours(1)), Der.time(now.plus(VALIDITY))),
                name,
                pair.getPublic().getEncoded(),                          // SubjectPublicKeyInfo as X.509 encodes it
                extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate(), random);
        signer.update(tbs);
        return Der.sequence(tbs, algorithm, Der.bitString(signer.sign()));
    }

    /** An SSL context serving this certificate. */
    public SSLContext sslContext() throws IOException {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("console", key, password, new java.security.cert.Certificate[]{certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot serve the console's certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Whether this start made the certificate. */
    public boolean created() {
        return created;
    }

    /** The SHA-256 fingerprint as browsers show it (colon-separated hex). */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NodeCertificate read(Path keyFile, Path certFile) throws IOException {
        try {
            byte[] keyDer = unpem(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(keyDer));
            X509Certificate cert = parse(unpem(Files.readString(certFile, StandardCharsets.US_ASCII), certFile));
            return new NodeCertificate(key, cert, false);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // the message names the files only, never their content
            throw new IOException(keyFile + " or " + certFile + " cannot be used (" + e.getClass().getSimpleName()
                    + "); remove both to have a new certificate made at the next start", e);
        }
    }

    private static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String text, Path file) {
        String body = text.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        if (body.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM block");
        }
        return Base64.getDecoder().decode(body);
    }

    static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static byte[] ipBytes(String literal) {
        try {
            // a literal is parsed, never looked up
            return InetAddress.getByName(literal).getAddress();
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
        }
    }
}
