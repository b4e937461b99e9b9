package io.streetgate.provision;

import io.streetgate.site.SiteFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Provisioning as a library: the one implementation behind {@code streetgate provision} and the console's
 * Provisioning page. Every input of a request is checked before the first file is written, so a refusal leaves
 * the node as it was; a run keeps what is there and says, area by area, what it made, changed or kept.
 */
public final class Provisioning {
    /** Done; a check: fully provisioned. */
    public static final int OK = 0;
    /** Refused on the merits, or a file could not be written. */
    public static final int FAILED = 1;
    /** Bad usage or a bad input file. */
    public static final int USAGE = 2;

    private final Layout layout;
    private final String serviceUser;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param stateDir    the gateway's state folder; the identity goes to its {@code identity/}
     * @param configDir   the folder of the site file the service reads ({@code site.yaml})
     * @param serviceUser as root, the account the gateway runs as, given the identity files; null for none
     */
    public Provisioning(Path stateDir, Path configDir, String serviceUser, Clock clock, SecureRandom random) {
        this.layout = new Layout(stateDir, configDir);
        this.serviceUser = serviceUser;
        this.clock = clock;
        this.random = random;
    }

    /** Carries out a request, or refuses it having changed nothing. */
    public Outcome provision(ProvisionRequest request) {
        Instant now = clock.instant();
        try {
            Plan plan = plan(request, now);
            ServiceAccount account = ServiceAccount.lookup(serviceUser, ServiceAccount.runningAsRoot());
            Report report = new Provisioner(plan, account, random, now).apply();
            return Outcome.of(report.failed() ? FAILED : OK, report);
        } catch (Refused e) {
            return Outcome.refused(e);
        }
    }

    /** Changes nothing: what is provisioned, and whether the node can go live. */
    public Outcome check(Optional<String> node) {
        Report report = new ProvisioningCheck(layout, clock.instant()).run(node);
        return Outcome.of(report.complete() ? OK : FAILED, report);
    }

    /** The node's certificate request (PEM) for the city's CA; public, so it may be downloaded. */
    public Optional<byte[]> certificateRequest() throws IOException {
        return Files.exists(layout.csr()) ? Optional.of(Files.readAllBytes(layout.csr())) : Optional.empty();
    }

    /** Decides everything and checks every input; throws before anything is written. */
    private Plan plan(ProvisionRequest r, Instant now) throws Refused {
        ProvisionedRecord record = ProvisionedRecord.read(layout.record());
        Optional<SiteInstall.Checked> checkedSite = r.site() == null ? Optional.empty()
                : Optional.of(SiteInstall.check(r.site()));
        String id = nodeId(r, checkedSite, record);
        Optional<BrokerUrl> brokerUrl = r.broker() == null ? Optional.empty()
                : Optional.of(BrokerUrl.parse(r.broker(), r.insecureBroker()));
        Optional<CaCertificates> caCertificates = Optional.empty();
        if (r.ca() != null) {
            try {
                caCertificates = Optional.of(CaCertificates.read(r.ca(), now));
            } catch (IOException e) {
                throw Refused.usage("--ca " + e.getMessage());
            }
        }
        boolean keyExists = Files.exists(layout.key());
        refuseNodeChange(r, record, id, keyExists);
        Optional<NodeKey> keptKey = Optional.empty();
        if (keyExists && !r.rotateKey()) {
            try {
                keptKey = Optional.of(NodeKey.read(layout.key()));
            } catch (IOException e) {
                throw Refused.failed("identity/" + e.getMessage() + "; add --rotate-key to make a new key "
                        + "(a certificate for the old one stops working)");
            }
        }
        NodeSubject subject = NodeSubject.of(id, r.organization(), r.country());
        if (keptKey.isPresent()) {
            // a re-run without --org/--country asks for the same name as before
            var earlier = SigningRequest.read(layout.csr());
            if (earlier.isPresent() && id.equals(NodeSubject.commonName(earlier.get().getSubject()))) {
                subject = subject.orElse(NodeSubject.from(earlier.get().getSubject(), id));
            }
        }
        Optional<List<X509Certificate>> certificate = Optional.empty();
        if (r.installCert() != null) {
            if (keptKey.isEmpty()) {
                throw Refused.failed("--install-cert: node.key is made new in this run, so no certificate can be "
                        + "for it yet; send the new node.csr to the CA, then install what comes back");
            }
            Optional<CaCertificates> anchors = caCertificates.isPresent() ? caCertificates : installedCa(now);
            certificate = Optional.of(CertificateCheck.check(r.installCert(), keptKey.get(), anchors, now));
        }
        boolean pskExists = Files.exists(layout.psk());
        if (pskExists && !r.rotatePsk()) {
            try {
                PreSharedKey.read(layout.psk());
            } catch (IOException e) {
                throw Refused.failed("identity/" + e.getMessage() + "; add --rotate-psk to make a new one");
            }
        }
        boolean makePsk = r.rotatePsk() || (r.psk() && !pskExists);
        if (r.pskExport() != null && !pskExists && !makePsk) {
            throw Refused.usage("--psk-export: this node has no pre-shared key; add --psk to make one");
        }
        return new Plan(layout, id, subject, keptKey, certificate, makePsk, Optional.ofNullable(r.pskExport()),
                brokerUrl, caCertificates, checkedSite);
    }

    private static String nodeId(ProvisionRequest r, Optional<SiteInstall.Checked> checkedSite,
                                 ProvisionedRecord record) throws Refused {
        String node = r.node();
        if (node != null && !SiteFile.ID.matcher(node).matches()) {
            throw Refused.usage("--node '" + node + "' is not a node id; use 1-64 lower-case letters, digits, '-' "
                    + "or '_', starting with a letter or digit");
        }
        if (node != null && checkedSite.isPresent() && !node.equals(checkedSite.get().node())) {
            throw Refused.usage("--site " + r.site() + " is for node '" + checkedSite.get().node() + "' (node.id) "
                    + "but --node is '" + node + "'; fix the one that is wrong; nothing was changed");
        }
        if (node != null) {
            return node;
        }
        if (checkedSite.isPresent()) {
            return checkedSite.get().node();
        }
        return record.node().orElseThrow(() -> Refused.usage(
                "which node is this? Name it with --node ID, or give --site FILE with its node.id"));
    }

    /** The identity belongs to one node: making it another's must be asked for, by replacing the secrets. */
    private void refuseNodeChange(ProvisionRequest r, ProvisionedRecord record, String id, boolean keyExists)
            throws Refused {
        Optional<String> earlier = record.node().filter(n -> !n.equals(id));
        if (earlier.isEmpty()) {
            return;
        }
        List<String> needed = new ArrayList<>();
        if (keyExists && !r.rotateKey()) {
            needed.add("--rotate-key");
        }
        if (Files.exists(layout.psk()) && !r.rotatePsk()) {
            needed.add("--rotate-psk");
        }
        if (!needed.isEmpty()) {
            throw Refused.usage("this gateway is provisioned as node '" + earlier.get() + "', not '" + id
                    + "'; to make it '" + id + "' add " + String.join(" and ", needed)
                    + " (its identity is replaced)");
        }
    }

    private Optional<CaCertificates> installedCa(Instant now) throws Refused {
        if (!Files.exists(layout.ca())) {
            return Optional.empty();
        }
        try {
            return Optional.of(CaCertificates.read(layout.ca(), now));
        } catch (IOException e) {
            throw Refused.failed("the installed " + e.getMessage() + "; give the current CA with --ca");
        }
    }
}
