package io.streetgate.provision;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.site.CoapConfig;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code streetgate provision coap-node}: the constrained nodes the CoAP ingest accepts, through
 * {@link ConstrainedNodes} (the console's Provisioning page uses the same). {@code add ID} makes the node's
 * pre-shared key on the gateway and prints it once; {@code add ID --rpk FILE} accepts its raw public key;
 * {@code remove ID}; {@code list} shows identities and fingerprints, never a key. Exits 0 done, 1 failed,
 * 2 bad usage.
 */
@Command(name = "coap-node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The constrained nodes the CoAP ingest accepts (its node-keys file, docs/coap.md): add one "
                + "(its DTLS pre-shared key made here and shown once, or its raw public key), remove one, list them. "
                + "The running gateway reads the file again within 10 s."},
        footer = {"", "Examples:",
                "  streetgate provision coap-node add soil-17",
                "  streetgate provision coap-node add lamp-9 --rpk lamp-9.pub.pem",
                "  streetgate provision coap-node remove soil-17",
                "  streetgate provision coap-node list"})
public class CoapNodeCommand {
    /** Where the file is: the options of every action. */
    static final class Where {
        @Option(names = "--state-dir", paramLabel = "DIR", description = "The gateway's state folder (default as "
                + "for provision).")
        Path stateDir;

        @Option(names = "--key-file", paramLabel = "FILE", description = "The node-keys file (default: the site "
                + "file's coap: key-file, else <state dir>/" + ConstrainedNodes.DEFAULT_FILE + ").")
        Path keyFile;

        @CommandLine.Mixin
        ConfigDirOption configDir = new ConfigDirOption();

        @Option(names = "--service-user", paramLabel = "USER", defaultValue = "streetgate",
                description = "As root: the account the gateway runs as, given a file made here (default: "
                        + "${DEFAULT-VALUE}).")
        String serviceUser;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final SecureRandom random;
    private final Map<String, String> env;
    /** The site file's DTLS port, for the example a new key comes with; RFC 7252's 5684 without one. */
    private int dtlsPort = 5684;

    public CoapNodeCommand() {
        this(new SecureRandom(), System.getenv());
    }

    CoapNodeCommand(SecureRandom random, Map<String, String> env) {
        this.random = random;
        this.env = env;
    }

    @Command(name = "add", description = "Accept a node: its pre-shared key is made here and printed once, or "
            + "give its raw public key with --rpk.")
    int add(@Parameters(paramLabel = "NODE-ID", description = "The node's id, as its SenML names start.")
            String node,
            @CommandLine.Mixin Where where,
            @Option(names = "--identity", paramLabel = "ID", description = "The PSK identity the node sends "
                    + "(default: the node id).") String identity,
            @Option(names = "--rpk", paramLabel = "FILE", description = "The node's public key (PEM or base64 "
                    + "SubjectPublicKeyInfo), for a node with a raw public key instead of a pre-shared key.")
            Path rpk) {
        return run(where, nodes -> {
            PrintWriter out = out();
            if (rpk != null) {
                if (identity != null) {
                    throw new IllegalArgumentException("--identity is for a pre-shared key; a node with --rpk is "
                            + "known by its public key: leave one of them out");
                }
                ConstrainedNodes.Added added = nodes.addRpk(node, Files.readString(rpk, StandardCharsets.US_ASCII));
                out.println("added " + added.node().id() + " (rpk " + added.node().identity() + ") to "
                        + nodes.file());
            } else {
                ConstrainedNodes.Added added = nodes.addPsk(node, identity, random);
                out.println("added " + added.node().id() + " (psk, identity " + added.node().identity() + ") to "
                        + nodes.file());
                out.println("Its pre-shared key, shown this once (put it on the node; it is not shown again):");
                out.println("  identity " + added.node().identity());
                out.println("  key      " + added.key());
                out.println("e.g. coap-client-openssl -m post -t 110 -f pack.json -u " + added.node().identity()
                        + " -k " + added.key() + " coaps://<gateway>:" + dtlsPort + "/readings");
            }
            return 0;
        });
    }

    @Command(name = "remove", description = "Take a node out: it can no longer post.")
    int remove(@Parameters(paramLabel = "NODE-ID") String node, @CommandLine.Mixin Where where) {
        return run(where, nodes -> {
            for (ConstrainedNodes.Node n : nodes.remove(node)) {
                out().println("removed " + n.id() + " (" + n.kind() + (n.identity().isEmpty() ? "" : " "
                        + n.identity()) + ") from " + nodes.file());
            }
            return 0;
        });
    }

    @Command(name = "list", description = "The nodes accepted, with their kind and identity (never a key).")
    int list(@CommandLine.Mixin Where where) {
        return run(where, nodes -> {
            List<ConstrainedNodes.Node> all = nodes.list();
            PrintWriter out = out();
            out.println(all.size() + " node line(s) in " + nodes.file());
            for (ConstrainedNodes.Node n : all) {
                out.printf("  %-28s %-5s %s%n", n.id(), n.kind(), n.identity());
            }
            return 0;
        });
    }

    private interface Action {
        int apply(ConstrainedNodes nodes) throws IOException;
    }

    private int run(Where where, Action action) {
        Path state = where.stateDir != null ? where.stateDir
                : StateDirectory.defaultFor(env, System.getProperty("user.home"), ServiceAccount.runningAsRoot());
        Path siteFile = ConfigDirOption.siteFile(where.configDir.dir());
        Optional<SiteConfig> site = Files.isReadable(siteFile)
                ? SiteFile.read(siteFile, DeviceCatalog.installed()).config() : Optional.empty();
        site.flatMap(SiteConfig::coap).ifPresent(c -> dtlsPort = c.dtlsPort());
        Path file = where.keyFile != null ? where.keyFile
                : ConstrainedNodes.file(state, site.flatMap(SiteConfig::coap).map(CoapConfig::keyFile).orElse(null));
        try {
            int exit = action.apply(new ConstrainedNodes(file, where.serviceUser));
            if (site.isPresent() && site.flatMap(SiteConfig::coap).filter(CoapConfig::dtlsEnabled).isEmpty()) {
                out().println("note: " + siteFile + " has no coap: section with "
                        + "DTLS on, so nothing listens for these nodes; add one (docs/coap.md)");
            }
            out().flush();
            return exit;
        } catch (IllegalArgumentException e) {
            err("coap-node: " + e.getMessage());
            return Provisioning.USAGE;
        } catch (IOException e) {
            err("coap-node: cannot read or write " + file + ": " + e.getMessage());
            return Provisioning.FAILED;
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private void err(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.flush();
    }
}
