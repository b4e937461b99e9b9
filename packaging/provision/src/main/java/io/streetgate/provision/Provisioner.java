package io.streetgate.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static io.streetgate.provision.Report.State.BAD;
import static io.streetgate.provision.Report.State.CHANGED;
import static io.streetgate.provision.Report.State.KEPT;
import static io.streetgate.provision.Report.State.MISSING;
import static io.streetgate.provision.Report.State.NEW;
import static io.streetgate.provision.Report.State.NONE;
import static io.streetgate.provision.Report.State.REMOVED;

/**
 * Carries out a checked {@link Plan}, area by area, and reports for each whether it was made, changed or kept.
 * Files that did not change are not rewritten.
 */
final class Provisioner {
    private final Plan plan;
    private final Layout layout;
    private final ServiceAccount account;
    private final SecureRandom random;
    private final Instant now;
    private final ProvisionedRecord record;
    private final Report report;
    private String step = "identity";

    Provisioner(Plan plan, ServiceAccount account, SecureRandom random, Instant now) {
        this.plan = plan;
        this.layout = plan.layout();
        this.account = account;
        this.random = random;
        this.now = now;
        this.record = ProvisionedRecord.read(layout.record());
        this.report = new Report("provision " + plan.node());
    }

    Report apply() {
        try {
            SecureFiles.privateDirectory(layout.identity());
            account.own(layout.identity());
            record.node(plan.node(), now);
            NodeKey key = identity();
            certificate(key);
            preSharedKey();
            broker();
            ca();
            site();
        } catch (IOException e) {
            report.line(step, BAD, "failed: " + e.getMessage()).failed(true)
                    .note("the steps after " + step + " were not done; fix the cause and run again");
        } finally {
            writeRecord();
        }
        report.fact("node", plan.node()).fact("state_dir", layout.state().toString())
                .fact("config_dir", layout.configDir().toString());
        List<String> changed = report.changedAreas();
        return report.footer(changed.isEmpty() ? "nothing changed: all kept" : "changed: " + String.join(", ", changed));
    }

    private NodeKey identity() throws IOException {
        step = "identity";
        NodeKey key;
        Report.State state;
        String keyDetail = "node.key (" + NodeKey.ALGORITHM + ")";
        if (plan.key().isPresent()) {
            key = plan.key().get();
            state = KEPT;
            if (!SecureFiles.hasMode(layout.key(), SecureFiles.OWNER_ONLY)) {
                Files.setPosixFilePermissions(layout.key(), SecureFiles.OWNER_ONLY);
                state = CHANGED;
                keyDetail += ", mode set to 0600";
            }
        } else {
            boolean existed = Files.exists(layout.key());
            key = NodeKey.generate(random);
            SecureFiles.writeAtomically(layout.key(), key.pkcs8Pem(), SecureFiles.OWNER_ONLY);
            state = existed ? CHANGED : NEW;
            keyDetail = (existed ? "new " : "") + keyDetail;
        }
        account.own(layout.key());
        record.put("key", ProvisionedRecord.facts("file", "node.key", "algorithm", NodeKey.ALGORITHM,
                "public_key_sha256", key.publicKeySha256()), state != KEPT, now);

        var earlier = SigningRequest.read(layout.csr());
        boolean csrKept = plan.key().isPresent() && earlier.isPresent()
                && SigningRequest.fits(earlier.get(), key, plan.subject());
        if (!csrKept) {
            SecureFiles.writeAtomically(layout.csr(), SigningRequest.pem(SigningRequest.create(key, plan.subject())),
                    SecureFiles.PUBLIC_READ);
            if (state == KEPT) {
                report.alsoChanged("csr");
            }
        }
        account.own(layout.csr());
        record.put("csr", ProvisionedRecord.facts("file", "node.csr", "subject", plan.subject().toString()), !csrKept, now);
        report.line("identity", state, keyDetail + ", csr " + (csrKept ? "kept" : "written"));
        report.fact("public_key_sha256", key.publicKeySha256());
        return key;
    }

    private void certificate(NodeKey key) throws IOException {
        step = "cert";
        Path file = layout.certificate();
        boolean removed = plan.key().isEmpty() && Files.exists(file);
        if (removed) {
            // it certified the key just replaced: keeping it would present a certificate the key cannot use
            Files.delete(file);
            record.remove("certificate");
            report.line("cert", REMOVED, "node.crt was for the old key")
                    .note("send the new identity/node.csr to the city's CA");
        }
        if (plan.certificate().isPresent()) {
            List<X509Certificate> chain = plan.certificate().get();
            byte[] pem = Certificates.pem(chain);
            boolean existed = Files.exists(file);
            boolean same = existed && Arrays.equals(Files.readAllBytes(file), pem);
            if (!same) {
                SecureFiles.writeAtomically(file, pem, SecureFiles.PUBLIC_READ);
            }
            account.own(file);
            X509Certificate leaf = chain.get(0);
            record.put("certificate", ProvisionedRecord.facts("file", "node.crt", "subject", Certificates.subject(leaf),
                    "issuer", leaf.getIssuerX500Principal().getName(), "not_after", leaf.getNotAfter().toInstant().toString(),
                    "sha256", Certificates.sha256(leaf)), !same, now);
            report.line("cert", same ? KEPT : existed ? CHANGED : NEW, describe(leaf));
        } else if (Files.exists(file)) {
            installedCertificate(key, file);
        } else if (!removed) {
            report.line("cert", MISSING, "send node.csr to the CA")
                    .note("identity/node.csr goes to the city's CA; install its answer with --install-cert FILE");
        }
    }

    /** A certificate from an earlier run: kept, but said plainly when it no longer fits. */
    private void installedCertificate(NodeKey key, Path file) {
        try {
            X509Certificate leaf = Certificates.readPem(file).get(0);
            String invalid = Certificates.validityProblem(leaf, now);
            if (!key.matches(leaf.getPublicKey())) {
                report.line("cert", BAD, "node.crt is for another key").note("install a certificate for this key");
            } else if (invalid != null) {
                report.line("cert", BAD, "node.crt " + invalid).note("send node.csr to the CA for a new certificate");
            } else {
                report.line("cert", KEPT, describe(leaf));
            }
        } catch (IOException e) {
            report.line("cert", BAD, "node.crt cannot be read");
        }
    }

    private static String describe(X509Certificate leaf) {
        String cn = NodeSubject.commonName(org.bouncycastle.asn1.x500.X500Name.getInstance(
                leaf.getSubjectX500Principal().getEncoded()));
        return "CN=" + cn + " until " + Certificates.until(leaf);
    }

    private void preSharedKey() throws IOException {
        step = "psk";
        Path file = layout.psk();
        PreSharedKey key;
        Report.State state;
        if (plan.makePsk()) {
            boolean existed = Files.exists(file);
            key = PreSharedKey.generate(plan.node(), random);
            SecureFiles.writeAtomically(file, key.fileContent(), SecureFiles.OWNER_ONLY);
            state = existed ? CHANGED : NEW;
            report.note("register psk identity " + key.identity() + " and its fingerprint with the back office");
        } else if (Files.exists(file)) {
            key = PreSharedKey.read(file);
            state = KEPT;
            if (!SecureFiles.hasMode(file, SecureFiles.OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, SecureFiles.OWNER_ONLY);
                state = CHANGED;
            }
        } else {
            report.line("psk", NONE, "none (--psk makes one)");
            return;
        }
        account.own(file);
        record.put("psk", ProvisionedRecord.facts("file", "psk", "identity", key.identity(), "key_sha256", key.fingerprintHex()),
                state != KEPT, now);
        report.line("psk", state, "identity " + key.identity(), key.fingerprint());
        report.fact("psk_identity", key.identity()).fact("psk_sha256", key.fingerprintHex());
        if (plan.pskExport().isPresent()) {
            Path export = plan.pskExport().get();
            SecureFiles.writeAtomically(export, key.exportContent(plan.node(), now.toString()), SecureFiles.OWNER_ONLY);
            report.note(export + " holds the secret key: hand it to the back office, then delete it");
        }
    }

    private void broker() {
        step = "broker";
        Optional<String> earlier = record.string("broker", "url");
        if (plan.broker().isPresent()) {
            BrokerUrl broker = plan.broker().get();
            boolean same = earlier.filter(broker.url()::equals).isPresent();
            record.put("broker", ProvisionedRecord.facts("url", broker.url(), "tls", broker.secure()), !same, now);
            report.line("broker", same ? KEPT : earlier.isPresent() ? CHANGED : NEW, broker.url());
            if (!broker.secure()) {
                report.note("the broker is plain TCP (--insecure-broker): nothing sent to it is encrypted");
            }
        } else if (earlier.isPresent()) {
            report.line("broker", KEPT, earlier.get());
        } else {
            report.line("broker", MISSING, "--broker ssl://host:8883");
        }
        siteNamesAnotherBroker();
    }

    /** The gateway connects to the site file's uplink.broker: a different recorded URL is worth a word. */
    private void siteNamesAnotherBroker() {
        Optional<String> recorded = record.string("broker", "url");
        plan.site().flatMap(s -> s.config().uplink()).map(u -> u.broker())
                .filter(b -> recorded.isPresent() && !b.equals(recorded.get()))
                .ifPresent(b -> report.note("the site file's uplink.broker is " + b + ", which the gateway uses"));
    }

    private void ca() throws IOException {
        step = "ca";
        Path file = layout.ca();
        if (plan.ca().isPresent()) {
            CaCertificates ca = plan.ca().get();
            byte[] pem = ca.pem();
            boolean existed = Files.exists(file);
            boolean same = existed && Arrays.equals(Files.readAllBytes(file), pem);
            if (!same) {
                SecureFiles.writeAtomically(file, pem, SecureFiles.PUBLIC_READ);
            }
            account.own(file);
            record.put("ca", ProvisionedRecord.facts("file", "ca.pem", "subjects", ca.subjects(),
                    "sha256", ca.certificates().stream().map(Certificates::sha256).toList(),
                    "first_expiry", ca.firstExpiry().toString()), !same, now);
            report.line("ca", same ? KEPT : existed ? CHANGED : NEW, describe(ca));
        } else if (Files.exists(file)) {
            try {
                report.line("ca", KEPT, describe(CaCertificates.read(file, now)));
            } catch (IOException e) {
                report.line("ca", BAD, e.getMessage().replace(file.toString(), "ca.pem"))
                        .note("give the city's current CA with --ca FILE");
            }
        } else {
            report.line("ca", MISSING, "--ca city-ca.pem");
        }
    }

    private static String describe(CaCertificates ca) {
        int n = ca.certificates().size();
        return "ca.pem: " + n + (n == 1 ? " cert" : " certs") + ", until " + Certificates.day(ca.firstExpiry());
    }

    private void site() throws IOException {
        step = "site";
        Path target = layout.site();
        if (plan.site().isPresent()) {
            SiteInstall.Checked site = plan.site().get();
            Report.State state = SiteInstall.install(site, layout.configDir(), account);
            record.put("site", ProvisionedRecord.facts("file", target.toString(), "sha256", Crypto.sha256Hex(site.content())),
                    state != KEPT, now);
            report.line("site", state, target.toString());
            if (state == CHANGED) {
                report.note("the site file it replaced is " + layout.configDir().resolve(SiteInstall.PREVIOUS));
            }
        } else if (Files.exists(target)) {
            report.line("site", KEPT, target.toString());
        } else {
            report.line("site", MISSING, "--site FILE");
        }
    }

    private void writeRecord() {
        try {
            if (Files.isDirectory(layout.identity())) {
                SecureFiles.writeAtomically(layout.record(), record.json(), SecureFiles.PUBLIC_READ);
                account.own(layout.record());
            }
        } catch (IOException e) {
            report.line("record", BAD, "provisioned.json: " + e.getMessage()).failed(true);
        }
    }
}
