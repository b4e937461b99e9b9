package io.streetgate.provision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reading, writing and describing PEM X.509 certificates. */
final class Certificates {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Certificates() {
    }

    /** Every certificate in a PEM file, in file order; a message naming the file when there is none. */
    static List<X509Certificate> readPem(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
            throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) c);
            }
            if (certificates.isEmpty()) {
                throw new IOException(file + " holds no PEM certificate");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException(file + " is not a valid PEM certificate file: " + e.getMessage());
        }
    }

    static byte[] pem(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate c : certificates) {
            try {
                text.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String sha256(X509Certificate certificate) {
        try {
            return Crypto.sha256Hex(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be encoded again", e);
        }
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }

    static String until(X509Certificate certificate) {
        return day(certificate.getNotAfter().toInstant());
    }

    /** Null when valid at {@code now}, else why not, with the clock's reading (a pole's clock may be wrong). */
    static String validityProblem(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            return "expired on " + day(notAfter) + " (the clock says " + day(now) + ")";
        }
        if (now.isBefore(notBefore)) {
            return "is not valid before " + day(notBefore) + " (the clock says " + day(now)
                    + "; if the clock is wrong, set it first: date -s)";
        }
        return null;
    }
}
