package io.streetgate.provision;

import io.streetgate.site.SiteFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code streetgate provision}: gives a node its identity, broker, trust anchors and site file, on the pole and
 * offline. Every input is checked before anything is written; re-running keeps what is there and says so.
 * Mounted by the launcher as a subcommand ({@code new ProvisionCommand()}); exits 0 when done, 1 when refused
 * or failed (a certificate for another key, a file that cannot be written), 2 on bad usage or a bad input file.
 */
@Command(name = "provision", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Provision this node: its key and certificate request (or a DTLS pre-shared key), the broker, "
                + "the CA certificates and the site file. Works offline; re-running is safe and says what it "
                + "changed and what it kept."},
        footer = {"", "Examples:",
                "  streetgate provision --node pole-0042 --site pole-0042.yaml \\",
                "      --broker ssl://mqtt.city.example:8883 --ca city-ca.pem",
                "  streetgate provision --install-cert pole-0042.crt",
                "  streetgate provision --check",
                "", "Exit codes: 0 done (--check: fully provisioned), 1 refused or failed, 2 bad usage or input file."})
public class ProvisionCommand implements Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    @Option(names = "--node", paramLabel = "ID", description = "The node id (default: the site file's node.id, "
            + "or the one provisioned before).")
    String node;

    @Option(names = "--site", paramLabel = "FILE", description = "Site file to validate and install as "
            + "<config dir>/site.yaml (the one it replaces is kept as site.yaml.previous).")
    Path site;

    @Option(names = "--broker", paramLabel = "URL", description = "The city's MQTT broker: mqtts:// or ssl://.")
    String broker;

    @Option(names = "--insecure-broker", description = "Accept a tcp:// broker (no TLS: not recommended).")
    boolean insecureBroker;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM file with the CA certificate(s) to trust, "
            + "installed as identity/ca.pem.")
    Path ca;

    @Option(names = "--install-cert", paramLabel = "FILE", description = "The node's certificate from the CA "
            + "(PEM, intermediates after it): installed as identity/node.crt when it matches node.key, chains to "
            + "the CA and is valid now.")
    Path installCert;

    @Option(names = "--org", paramLabel = "NAME", description = "O= in the certificate request.")
    String organization;

    @Option(names = "--country", paramLabel = "CC", description = "C= in the certificate request (e.g. DE).")
    String country;

    @Option(names = "--rotate-key", description = "Replace the node's key (and request, and certificate).")
    boolean rotateKey;

    @Option(names = "--psk", description = "Make a DTLS pre-shared key (kept when there is one).")
    boolean psk;

    @Option(names = "--rotate-psk", description = "Replace the pre-shared key.")
    boolean rotatePsk;

    @Option(names = "--psk-export", paramLabel = "FILE", description = "Write the pre-shared key as a CoAP "
            + "node-keys line for the back office (owner-only; delete it once delivered).")
    Path pskExport;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The gateway's state folder (default: "
            + "$STREETGATE_STATE_DIR, as root /var/lib/streetgate, else ~/.local/state/streetgate).")
    Path stateDir;

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/streetgate",
            description = "Where site.yaml is installed (default: ${DEFAULT-VALUE}).")
    Path configDir;

    @Option(names = "--service-user", paramLabel = "USER", defaultValue = "streetgate",
            description = "As root: the account the gateway runs as; it is given the identity files and read "
                    + "access to site.yaml (default: ${DEFAULT-VALUE}; ignored if there is no such account).")
    String serviceUser;

    @Option(names = "--check", description = "Change nothing; report what is provisioned and what is missing.")
    boolean check;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, String> env;

    public ProvisionCommand() {
        this(Clock.systemUTC(), new SecureRandom(), System.getenv());
    }

    ProvisionCommand(Clock clock, SecureRandom random, Map<String, String> env) {
        this.clock = clock;
        this.random = random;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisionCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Instant now = clock.instant();
        boolean root = ServiceAccount.runningAsRoot();
        Layout layout = new Layout(stateDir != null ? stateDir
                : StateDirectory.defaultFor(env, System.getProperty("user.home"), root), configDir);
        Report report;
        int exit;
        try {
            if (check) {
                refuseChangesWithCheck();
                report = new ProvisioningCheck(layout, now).run(Optional.ofNullable(node));
                exit = report.complete() ? OK : FAILED;
            } else {
                Plan plan = plan(layout, now);
                ServiceAccount account = ServiceAccount.lookup(serviceUser, root);
                report = new Provisioner(plan, account, random, now).apply();
                exit = report.failed() ? FAILED : OK;
            }
        } catch (Refused e) {
            StringBuilder text = new StringBuilder(); // a pole's small screen: 60 columns, like the summary
            Report.wrap("provision: " + e.getMessage(), "  ", text);
            e.details().forEach(d -> Report.wrap("  " + d, "    ", text));
            err.print(text);
            if (json) {
                out.print(Json.write(new Report("provision").json(e.exitCode(), e.getMessage(), e.details())));
            }
            out.flush();
            err.flush();
            return e.exitCode();
        }
        if (json) {
            out.print(Json.write(report.json(exit, null, List.of())));
        } else {
            out.print(report.text(report.footer()));
        }
        out.flush();
        return exit;
    }

    private void refuseChangesWithCheck() throws Refused {
        List<String> given = new ArrayList<>();
        addIf(given, site != null, "--site");
        addIf(given, broker != null, "--broker");
        addIf(given, ca != null, "--ca");
        addIf(given, installCert != null, "--install-cert");
        addIf(given, organization != null || country != null, "--org/--country");
        addIf(given, rotateKey, "--rotate-key");
        addIf(given, psk || rotatePsk, "--psk/--rotate-psk");
        addIf(given, pskExport != null, "--psk-export");
        if (!given.isEmpty()) {
            throw Refused.usage("--check changes nothing; run " + String.join(", ", given) + " without --check");
        }
    }

    private static void addIf(List<String> list, boolean condition, String name) {
        if (condition) {
            list.add(name);
        }
    }

    /** Decides everything and checks every input; throws before anything is written. */
    Plan plan(Layout layout, Instant now) throws Refused {
        ProvisionedRecord record = ProvisionedRecord.read(layout.record());
        Optional<SiteInstall.Checked> checkedSite = site == null ? Optional.empty()
                : Optional.of(SiteInstall.check(site));
        String id = nodeId(checkedSite, record);
        Optional<BrokerUrl> brokerUrl = broker == null ? Optional.empty()
                : Optional.of(BrokerUrl.parse(broker, insecureBroker));
        Optional<CaCertificates> caCertificates = Optional.empty();
        if (ca != null) {
            try {
                caCertificates = Optional.of(CaCertificates.read(ca, now));
            } catch (IOException e) {
                throw Refused.usage("--ca " + e.getMessage());
            }
        }
        boolean keyExists = Files.exists(layout.key());
        refuseNodeChange(layout, record, id, keyExists);
        Optional<NodeKey> keptKey = Optional.empty();
        if (keyExists && !rotateKey) {
            try {
                keptKey = Optional.of(NodeKey.read(layout.key()));
            } catch (IOException e) {
                throw Refused.failed("identity/" + e.getMessage() + "; add --rotate-key to make a new key "
                        + "(a certificate for the old one stops working)");
            }
        }
        NodeSubject subject = NodeSubject.of(id, organization, country);
        if (keptKey.isPresent()) {
            // a re-run without --org/--country asks for the same name as before
            var earlier = SigningRequest.read(layout.csr());
            if (earlier.isPresent() && id.equals(NodeSubject.commonName(earlier.get().getSubject()))) {
                subject = subject.orElse(NodeSubject.from(earlier.get().getSubject(), id));
            }
        }
        Optional<List<X509Certificate>> certificate = Optional.empty();
        if (installCert != null) {
            if (keptKey.isEmpty()) {
                throw Refused.failed("--install-cert: node.key is made new in this run, so no certificate can be "
                        + "for it yet; send the new node.csr to the CA, then install what comes back");
            }
            Optional<CaCertificates> anchors = caCertificates.isPresent() ? caCertificates : installedCa(layout, now);
            certificate = Optional.of(CertificateCheck.check(installCert, keptKey.get(), anchors, now));
        }
        boolean pskExists = Files.exists(layout.psk());
        if (pskExists && !rotatePsk) {
            try {
                PreSharedKey.read(layout.psk());
            } catch (IOException e) {
                throw Refused.failed("identity/" + e.getMessage() + "; add --rotate-psk to make a new one");
            }
        }
        boolean makePsk = rotatePsk || (psk && !pskExists);
        if (pskExport != null && !pskExists && !makePsk) {
            throw Refused.usage("--psk-export: this node has no pre-shared key; add --psk to make one");
        }
        return new Plan(layout, id, subject, keptKey, certificate, makePsk, Optional.ofNullable(pskExport),
                brokerUrl, caCertificates, checkedSite);
    }

    private String nodeId(Optional<SiteInstall.Checked> checkedSite, ProvisionedRecord record) throws Refused {
        if (node != null && !SiteFile.ID.matcher(node).matches()) {
            throw Refused.usage("--node '" + node + "' is not a node id; use 1-64 lower-case letters, digits, '-' "
                    + "or '_', starting with a letter or digit");
        }
        if (node != null && checkedSite.isPresent() && !node.equals(checkedSite.get().node())) {
            throw Refused.usage("--site " + site + " is for node '" + checkedSite.get().node() + "' (node.id) but "
                    + "--node is '" + node + "'; fix the one that is wrong; nothing was changed");
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
    private void refuseNodeChange(Layout layout, ProvisionedRecord record, String id, boolean keyExists)
            throws Refused {
        Optional<String> earlier = record.node().filter(n -> !n.equals(id));
        if (earlier.isEmpty()) {
            return;
        }
        List<String> needed = new ArrayList<>();
        addIf(needed, keyExists && !rotateKey, "--rotate-key");
        addIf(needed, Files.exists(layout.psk()) && !rotatePsk, "--rotate-psk");
        if (!needed.isEmpty()) {
            throw Refused.usage("this gateway is provisioned as node '" + earlier.get() + "', not '" + id
                    + "'; to make it '" + id + "' add " + String.join(" and ", needed)
                    + " (its identity is replaced)");
        }
    }

    private static Optional<CaCertificates> installedCa(Layout layout, Instant now) throws Refused {
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
