package io.streetgate.uplink.link;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS side of the uplink: the broker's certificate is verified against the configured CA file (PEM),
 * or the JVM's trusted CAs when none is given; Paho checks that it names the host (HTTPS rules, RFC 2818),
 * which stays on. A client certificate (PEM chain) and its PKCS#8 key (PEM) are presented when configured.
 */
public final class Tls {

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private Tls() {
    }

    /**
     * @param caFile     PEM file with the CA certificate(s) the broker's certificate must chain to; null for
     *                   the JVM's trusted CAs
     * @param clientCert PEM certificate chain to present, or null
     * @param clientKey  PEM PKCS#8 private key of {@code clientCert}, or null
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLSocketFactory socketFactory(Path caFile, Path clientCert, Path clientKey) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile == null) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                List<Certificate> cas = certificates(caFile);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (clientCert != null || clientKey != null) {
                if (clientCert == null || clientKey == null) {
                    throw new IllegalArgumentException("uplink.client-cert and uplink.client-key go together; give "
                            + "both or neither");
                }
                char[] none = new char[0];
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                List<Certificate> chain = certificates(clientCert);
                keys.setKeyEntry("client", privateKey(clientKey), none, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    static List<Certificate> certificates(Path file) throws IOException {
        String text = read(file, "certificate");
        List<Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> all = cf.generateCertificates(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            out.addAll(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " holds no readable PEM certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    static PrivateKey privateKey(Path file) throws IOException {
        String text = read(file, "key");
        Matcher m = PEM.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(file + " holds no PEM private key");
        }
        String type = m.group(1);
        if (!"PRIVATE KEY".equals(type)) {
            throw new IllegalArgumentException(file + " holds a '" + type + "'; the uplink reads unencrypted PKCS#8 "
                    + "keys: convert it with 'openssl pkcs8 -topk8 -nocrypt -in " + file.getFileName()
                    + " -out client.pk8.pem'");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(file + " is not an EC, RSA or Ed25519 PKCS#8 key");
    }

    private static String read(Path file, String what) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("the " + what + " file " + file + " does not exist or cannot be read");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }
}
