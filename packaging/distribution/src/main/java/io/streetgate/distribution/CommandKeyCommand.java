package io.streetgate.distribution;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code streetgate command-key FILE [--name NAME]}: makes an Ed25519 key for signing commands; the private key
 * goes to FILE (owner-only), the public key is printed as the site file's {@code uplink.commands.keys} line.
 */
@Command(name = "command-key", mixinStandardHelpOptions = true,
        description = "Make a key for signing commands: the private key to FILE (0600), the site file's line printed.")
final class CommandKeyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "where the private key goes (PKCS#8 PEM, owner-only)")
    Path file;

    @Option(names = "--name", description = "the key's name in the site file (default: ${DEFAULT-VALUE})")
    String name = "ops-console";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            String publicKey = CommandMessage.newKey(file);
            spec.commandLine().getOut().println("# the private key is in " + file + " (owner-only); the node's site file:");
            spec.commandLine().getOut().println("uplink:\n  commands:\n    keys:\n      " + name + ": " + publicKey);
            return 0;
        } catch (java.io.IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return Streetgate.EXIT_BAD_INPUT;
        }
    }
}
