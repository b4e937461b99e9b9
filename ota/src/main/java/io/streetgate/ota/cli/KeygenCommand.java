package io.streetgate.ota.cli;

import io.streetgate.ota.tuf.KeyFiles;
import io.streetgate.ota.tuf.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Creates a key pair: NAME.key (private, mode 0600) and NAME.pub (public, goes into root metadata).",
                "Keep root and targets keys offline (a USB stick in a safe); snapshot and timestamp keys sign on the publishing host."})
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Path without extension, e.g. keys/root-alice.")
    Path out;

    @Option(names = "--type", defaultValue = "ed25519", paramLabel = "TYPE", description = "ed25519 (default), ecdsa (P-256) or rsa (3072 bits, rsassa-pss-sha256).")
    String type;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path priv = Path.of(out + ".key");
        Path pub = Path.of(out + ".pub");
        if (java.nio.file.Files.exists(pub)) {
            throw new java.nio.file.FileAlreadyExistsException(pub.toString(), null, "choose another --out name");
        }
        SigningKey key = SigningKey.generate(type);
        KeyFiles.writePrivate(priv, key);
        KeyFiles.writePublic(pub, key.publicKey());
        spec.commandLine().getOut().printf("key id %s (%s)%nprivate key: %s (0600, never share it)%npublic key:  %s%n",
                key.keyId(), key.publicKey().scheme(), priv, pub);
        return OtaCommand.OK;
    }
}
