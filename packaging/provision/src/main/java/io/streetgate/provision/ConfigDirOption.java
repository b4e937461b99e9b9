package io.streetgate.provision;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --config-dir DIR}: the folder of the site file the gateway runs on, {@code DIR/site.yaml}, where
 * {@code streetgate provision} installs it. One option for every command that reads or writes the site file
 * ({@code provision}, {@code run}, {@code scan}, {@code selftest}), so a technician points them all at the same
 * site folder with the same words.
 */
public final class ConfigDirOption {
    /** Where the service reads its site file on a node (the .deb's systemd unit). */
    public static final Path DEFAULT = Path.of("/etc/streetgate");

    @Option(names = "--config-dir", paramLabel = "DIR", description = "The site folder: its site.yaml is the site "
            + "file, where streetgate provision installs it (on a node: /etc/streetgate).")
    Path configDir;

    /** The folder given on the command line, if one was. */
    public Optional<Path> given() {
        return Optional.ofNullable(configDir);
    }

    /** The folder given, else {@link #DEFAULT}. */
    public Path dir() {
        return configDir != null ? configDir : DEFAULT;
    }

    /** The site file of a site folder. */
    public static Path siteFile(Path configDir) {
        return configDir.resolve(SiteInstall.NAME);
    }
}
