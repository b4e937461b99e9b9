package io.streetgate.provision;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code streetgate provision}: gives a node its identity, broker, trust anchors and site file, on the pole and
 * offline. Every input is checked before anything is written; re-running keeps what is there and says so.
 * The options become a {@link ProvisionRequest} for {@link Provisioning}, the library the console uses too.
 * Mounted by the launcher as a subcommand ({@code new ProvisionCommand()}); exits 0 when done, 1 when refused
 * or failed (a certificate for another key, a file that cannot be written), 2 on bad usage or a bad input file.
 */
@Command(name = "provision", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = CoapNodeCommand.class,
        description = {"Provision this node: its key and certificate request (or a DTLS pre-shared key), the broker, "
                + "the CA certificates and the site file. Works offline; re-running is safe and says what it "
                + "changed and what it kept."},
        footer = {"", "Examples:",
                "  streetgate provision --node pole-0042 --site pole-0042.yaml \\",
                "      --broker ssl://mqtt.city.example:8883 --ca city-ca.pem",
                "  streetgate provision --install-cert pole-0042.crt",
                "  streetgate provision --check",
                "  streetgate provision coap-node add soil-17   (a constrained node's DTLS key)",
                "", "Exit codes: 0 done (--check: fully provisioned), 1 refused or failed, 2 bad usage or input file."})
public class ProvisionCommand implements Callable<Integer> {
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

    @CommandLine.Mixin
    ConfigDirOption configDir = new ConfigDirOption();

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
        boolean root = ServiceAccount.runningAsRoot();
        Provisioning provisioning = new Provisioning(stateDir != null ? stateDir
                : StateDirectory.defaultFor(env, System.getProperty("user.home"), root), configDir.dir(), serviceUser,
                clock, random);
        Outcome outcome;
        if (check) {
            List<String> given = changesGiven();
            outcome = given.isEmpty() ? provisioning.check(Optional.ofNullable(node)) : Outcome.refused(Refused.usage(
                    "--check changes nothing; run " + String.join(", ", given) + " without --check"));
        } else {
            outcome = provisioning.provision(new ProvisionRequest(node, site, broker, insecureBroker, ca, installCert,
                    organization, country, rotateKey, psk, rotatePsk, pskExport));
        }
        if (outcome.error() != null) {
            err.print(outcome.text());
            err.flush();
        }
        if (json) {
            out.print(Json.write(outcome.json()));
        } else if (outcome.error() == null) {
            out.print(outcome.text());
        }
        out.flush();
        return outcome.exit();
    }

    private List<String> changesGiven() {
        List<String> given = new ArrayList<>();
        addIf(given, site != null, "--site");
        addIf(given, broker != null, "--broker");
        addIf(given, ca != null, "--ca");
        addIf(given, installCert != null, "--install-cert");
        addIf(given, organization != null || country != null, "--org/--country");
        addIf(given, rotateKey, "--rotate-key");
        addIf(given, psk || rotatePsk, "--psk/--rotate-psk");
        addIf(given, pskExport != null, "--psk-export");
        return given;
    }

    private static void addIf(List<String> list, boolean condition, String name) {
        if (condition) {
            list.add(name);
        }
    }
}
