package io.streetgate.ota.download;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Whom the repository's HTTPS server must prove itself to: the CA certificate(s) of a PEM file (a city's own CA,
 * {@code ota.ca-file} in the site file), or the JVM's trusted CAs when there is none. The JDK's HTTP client checks
 * that the certificate names the host (RFC 2818) either way.
 */
public final class RepositoryTls {
    private RepositoryTls() {
    }

    /**
     * @param caFile PEM file of CA certificates, or null for the JVM's trusted CAs
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static SSLContext context(Path caFile) {
        try {
            if (caFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<Certificate> cas = read(caFile);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("repository-ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the repository's TLS cannot be set up from " + caFile + ": "
                    + e.getMessage(), e);
        }
    }

    private static List<Certificate> read(Path caFile) throws IOException {
        if (!Files.isReadable(caFile)) {
            throw new IllegalArgumentException("ota.ca-file " + caFile + " cannot be read; put the PEM certificate of "
                    + "the CA that signed the repository server's certificate there");
        }
        List<Certificate> found = new ArrayList<>();
        try (InputStream in = Files.newInputStream(caFile)) {
            found.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ota.ca-file " + caFile + " holds no readable PEM certificate ("
                    + e.getMessage() + "); it must hold -----BEGIN CERTIFICATE----- blocks", e);
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("ota.ca-file " + caFile + " holds no certificate; it must hold "
                    + "-----BEGIN CERTIFICATE----- blocks");
        }
        return found;
    }
}
