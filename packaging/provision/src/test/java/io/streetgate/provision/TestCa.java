package io.streetgate.provision;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A throwaway certificate authority for the tests, made with Bouncy Castle: it signs nodes' CSRs. */
final class TestCa {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(1000);

    final KeyPair keys;
    final X509Certificate certificate;

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BC);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static TestCa create(String commonName, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = ecKeyPair();
        X500Name name = new X500Name("CN=" + commonName);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIALS.incrementAndGet()),
                Date.from(notBefore), Date.from(notAfter), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new TestCa(keys, convert(builder, keys));
    }

    /** Signs the CSR as a city CA would: the request's subject and key. */
    X509Certificate sign(PKCS10CertificationRequest csr, Instant notBefore, Instant notAfter) throws Exception {
        JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr).setProvider(BC);
        return issue(request.getSubject(), request.getPublicKey(), notBefore, notAfter);
    }

    X509Certificate issue(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter) throws Exception {
        var builder = new JcaX509v3CertificateBuilder(X500Name.getInstance(certificate.getSubjectX500Principal()
                .getEncoded()), BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                subject, key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return convert(builder, keys);
    }

    private static X509Certificate convert(X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        var signed = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(signer.getPrivate()));
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(signed);
    }

    static Path writePem(Path file, List<X509Certificate> certificates) throws Exception {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate c : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        return file;
    }
}
