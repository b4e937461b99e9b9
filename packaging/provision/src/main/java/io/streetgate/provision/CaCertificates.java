package io.streetgate.provision;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The trust anchors: the CA certificate(s) the broker's certificate, and the node's own, must chain to. A file is
 * accepted only when every certificate in it is a CA certificate and valid now.
 *
 * @param certificates the certificates, in file order
 */
record CaCertificates(List<X509Certificate> certificates) {

    CaCertificates {
        certificates = List.copyOf(certificates);
    }

    static CaCertificates read(Path file, Instant now) throws IOException {
        List<X509Certificate> certificates = Certificates.readPem(file);
        for (X509Certificate c : certificates) {
            String who = Certificates.subject(c);
            if (!isCa(c)) {
                throw new IOException(file + ": " + who + " is not a CA certificate (no basicConstraints CA:TRUE)");
            }
            String invalid = Certificates.validityProblem(c, now);
            if (invalid != null) {
                throw new IOException(file + ": " + who + " " + invalid);
            }
        }
        return new CaCertificates(certificates);
    }

    private static boolean isCa(X509Certificate c) {
        // an old v1 root carries no extensions at all; it is a CA when it signs itself
        boolean v1Root = c.getVersion() == 1 && c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
        return c.getBasicConstraints() >= 0 || v1Root;
    }

    /** The day the first of them expires. */
    Instant firstExpiry() {
        return certificates.stream().map(c -> c.getNotAfter().toInstant()).min(Comparator.naturalOrder()).orElseThrow();
    }

    List<String> subjects() {
        return certificates.stream().map(Certificates::subject).toList();
    }

    byte[] pem() {
        return Certificates.pem(certificates);
    }
}
