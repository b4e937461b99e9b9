package io.streetgate.provision;

import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Puts a site file where the service reads it ({@code <config dir>/site.yaml}), only after it validated without a
 * single problem, keeping the one it replaces as {@code site.yaml.previous} to go back to.
 */
final class SiteInstall {
    static final String NAME = "site.yaml";
    static final String PREVIOUS = "site.yaml.previous";

    /** A site file that validated; its bytes are what gets installed. */
    record Checked(Path source, byte[] content, SiteConfig config) {
        String node() {
            return config.node().id();
        }
    }

    private SiteInstall() {
    }

    static Checked check(Path file) throws Refused {
        if (!Files.isRegularFile(file)) {
            throw Refused.usage("--site " + file + ": no such file");
        }
        SiteFile.Result result = SiteFile.read(file, DeviceCatalog.installed());
        if (!result.isValid()) {
            List<String> problems = result.problems().stream().map(Problem::toString).toList();
            throw Refused.usage("--site " + file + " has " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + "; nothing was changed", problems);
        }
        try {
            return new Checked(file, Files.readAllBytes(file), result.config().orElseThrow());
        } catch (IOException e) {
            throw Refused.usage("--site " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Installs it; KEPT when the installed file is already byte for byte the same. */
    static Report.State install(Checked site, Path configDir, ServiceAccount account) throws IOException {
        Path target = configDir.resolve(NAME);
        boolean existed = Files.isRegularFile(target);
        if (existed && Arrays.equals(Files.readAllBytes(target), site.content())) {
            return Report.State.KEPT;
        }
        Files.createDirectories(configDir);
        if (existed) {
            SecureFiles.writeAtomically(configDir.resolve(PREVIOUS), Files.readAllBytes(target),
                    SecureFiles.OWNER_GROUP_READ);
            account.groupReads(configDir.resolve(PREVIOUS));
        }
        SecureFiles.writeAtomically(target, site.content(), SecureFiles.OWNER_GROUP_READ);
        account.groupReads(target);
        return existed ? Report.State.CHANGED : Report.State.NEW;
    }
}
