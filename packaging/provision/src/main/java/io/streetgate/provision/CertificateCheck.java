package io.streetgate.provision;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a certificate that came back from the CA may become node.crt: it must carry node.key's public
 * key, be valid now, and, when there is a CA, chain to it. A refusal says which of these failed.
 */
final class CertificateCheck {

    private CertificateCheck() {
    }

    /**
     * @param file the certificate file: the node's certificate first, then any intermediate CA certificates
     * @return the chain to install
     */
    static List<X509Certificate> check(Path file, NodeKey key, Optional<CaCertificates> ca, Instant now)
            throws Refused {
        List<X509Certificate> chain;
        try {
            chain = Certificates.readPem(file);
        } catch (IOException e) {
            throw Refused.failed("--install-cert: " + e.getMessage());
        }
        X509Certificate leaf = chain.get(0);
        if (!key.matches(leaf.getPublicKey())) {
            throw Refused.failed("--install-cert: the certificate is for another key, not this node's node.key "
                    + "(was it signed from this node's current node.csr?)");
        }
        String invalid = Certificates.validityProblem(leaf, now);
        if (invalid != null) {
            throw Refused.failed("--install-cert: the certificate " + invalid);
        }
        if (ca.isPresent()) {
            String broken = chainProblem(chain, ca.get(), now);
            if (broken != null) {
                throw Refused.failed("--install-cert: the certificate (issuer " + leaf.getIssuerX500Principal().getName()
                        + ") " + broken);
            }
        }
        return chain;
    }

    /** PKIX path validation to the CA file's certificates, without revocation (the pole may be offline). */
    private static String chainProblem(List<X509Certificate> chain, CaCertificates ca, Instant now) {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : ca.certificates()) {
            anchors.add(new TrustAnchor(c, null));
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        path.removeIf(ca.certificates()::contains); // a chain file may end with the root itself
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return null;
        } catch (CertPathValidatorException e) {
            if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return "has an intermediate CA certificate that is not valid now";
            }
            return "is not signed by the CA (" + String.join("; ", ca.subjects()) + "): " + e.getMessage();
        } catch (GeneralSecurityException e) {
            return "cannot be checked against the CA: " + e.getMessage();
        }
    }
}
