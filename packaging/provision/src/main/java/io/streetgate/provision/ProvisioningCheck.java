package io.streetgate.provision;

import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.streetgate.provision.Report.State.BAD;
import static io.streetgate.provision.Report.State.MISSING;
import static io.streetgate.provision.Report.State.OK;

/**
 * {@code --check}: reads what is provisioned, changes nothing, and says whether the node can go live: a key,
 * a certificate or a pre-shared key, the broker, the CA and the site file with an uplink.
 */
final class ProvisioningCheck {
    private final Layout layout;
    private final Instant now;
    private final ProvisionedRecord record;
    private final List<String> missing = new ArrayList<>();
    private Report report;

    ProvisioningCheck(Layout layout, Instant now) {
        this.layout = layout;
        this.now = now;
        this.record = ProvisionedRecord.read(layout.record());
    }

    Report run(Optional<String> expectedNode) {
        Optional<String> node = expectedNode.or(record::node);
        report = new Report("check " + node.orElse("(no node id yet)"));
        Optional<NodeKey> key = key();
        CaFile ca = CaFile.load(layout.ca(), now);
        boolean cert = certificate(key, ca.certificates());
        boolean psk = preSharedKey();
        if (!cert && !psk) {
            missing.add("cert or psk");
        }
        broker();
        ca(ca);
        site(node);
        if (cert && ca.certificates().isEmpty()) {
            report.note("node.crt was not checked against a CA: there is none");
        }
        boolean complete = missing.isEmpty();
        return report.complete(complete).fact("state_dir", layout.state().toString())
                .fact("config_dir", layout.configDir().toString()).fact("missing", List.copyOf(missing))
                .footer(complete ? "ready: fully provisioned" : "not ready: " + String.join(", ", missing));
    }

    private Optional<NodeKey> key() {
        Path file = layout.key();
        if (!Files.exists(file)) {
            return absent("identity", "no node.key", "key");
        }
        try {
            NodeKey key = NodeKey.read(file);
            if (!SecureFiles.hasMode(file, SecureFiles.OWNER_ONLY)
                    || !SecureFiles.hasMode(layout.identity(), SecureFiles.PRIVATE_DIR)) {
                report.line("identity", BAD, "node.key or its folder is readable by others")
                        .note("run provision again: it sets 0600 and 0700");
                missing.add("key");
                return Optional.of(key);
            }
            report.line("identity", OK, "node.key (" + NodeKey.ALGORITHM + "), 0600"
                    + (Files.exists(layout.csr()) ? ", csr" : ", no csr"));
            return Optional.of(key);
        } catch (IOException e) {
            report.line("identity", BAD, e.getMessage());
            missing.add("key");
            return Optional.empty();
        }
    }

    /** The same test --install-cert applies: this key, valid now, chains to the CA when there is one. */
    private boolean certificate(Optional<NodeKey> key, Optional<CaCertificates> ca) {
        Path file = layout.certificate();
        if (!Files.exists(file)) {
            report.line("cert", MISSING, "no node.crt");
            return false;
        }
        if (key.isEmpty()) {
            report.line("cert", BAD, "node.crt, but no usable node.key");
            return false;
        }
        try {
            X509Certificate leaf = CertificateCheck.check(file, key.get(), ca, now).get(0);
            report.line("cert", OK, "until " + Certificates.until(leaf));
            return true;
        } catch (Refused e) {
            report.line("cert", BAD, e.getMessage().replace("--install-cert: the certificate", "node.crt"));
            return false;
        }
    }

    private boolean preSharedKey() {
        Path file = layout.psk();
        if (!Files.exists(file)) {
            report.line("psk", MISSING, "no psk");
            return false;
        }
        try {
            PreSharedKey psk = PreSharedKey.read(file);
            if (!SecureFiles.hasMode(file, SecureFiles.OWNER_ONLY)) {
                report.line("psk", BAD, "psk is readable by others");
                return false;
            }
            report.line("psk", OK, "identity " + psk.identity(), psk.fingerprint());
            return true;
        } catch (IOException e) {
            report.line("psk", BAD, e.getMessage());
            return false;
        }
    }

    private void broker() {
        Optional<String> url = record.string("broker", "url");
        if (url.isPresent()) {
            report.line("broker", OK, url.get());
        } else {
            absent("broker", "none recorded", "broker");
        }
    }

    /** ca.pem read once, before the certificate is checked against it; reported in its own line. */
    private record CaFile(boolean exists, Optional<CaCertificates> certificates, String problem) {
        static CaFile load(Path file, Instant now) {
            if (!Files.exists(file)) {
                return new CaFile(false, Optional.empty(), null);
            }
            try {
                return new CaFile(true, Optional.of(CaCertificates.read(file, now)), null);
            } catch (IOException e) {
                return new CaFile(true, Optional.empty(), e.getMessage().replace(file.toString(), "ca.pem"));
            }
        }
    }

    private void ca(CaFile ca) {
        if (!ca.exists()) {
            absent("ca", "no ca.pem", "ca");
        } else if (ca.certificates().isPresent()) {
            report.line("ca", OK, "until " + Certificates.day(ca.certificates().get().firstExpiry()));
        } else {
            report.line("ca", BAD, ca.problem());
            missing.add("ca");
        }
    }

    private void site(Optional<String> node) {
        Path file = layout.site();
        if (!Files.exists(file)) {
            absent("site", "no " + file, "site");
            return;
        }
        SiteFile.Result result = SiteFile.read(file, DeviceCatalog.installed());
        if (!result.isValid()) {
            report.line("site", BAD, result.problems().size() + " problem(s) in " + file);
            result.problems().forEach(p -> report.note(p.toString()));
            missing.add("site");
        } else if (node.isPresent() && !node.get().equals(result.config().orElseThrow().node().id())) {
            report.line("site", BAD, "node.id is " + result.config().orElseThrow().node().id() + ", not " + node.get());
            missing.add("site");
        } else {
            report.line("site", OK, file.toString());
            if (result.config().orElseThrow().uplink().isEmpty()) {
                // the gateway connects to the site file's uplink.broker, not to the recorded one
                absent("uplink", "the site file has no uplink section: the node would keep its readings and never "
                        + "send them; add one (docs/uplink.md)", "uplink");
            }
        }
    }

    private <T> Optional<T> absent(String area, String detail, String what) {
        report.line(area, MISSING, detail);
        missing.add(what);
        return Optional.empty();
    }
}
