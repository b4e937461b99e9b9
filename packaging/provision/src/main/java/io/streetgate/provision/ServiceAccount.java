package io.streetgate.provision;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/**
 * The account the gateway service runs as ({@code User=streetgate} in the systemd unit). A technician provisions
 * as root; owner-only files owned by root would be unreadable by the service, so as root the identity files are
 * handed to that account and the site file to its group. Not root, or no such account: files stay the caller's.
 */
final class ServiceAccount {
    private final UserPrincipal user;
    private final GroupPrincipal group;

    private ServiceAccount(UserPrincipal user, GroupPrincipal group) {
        this.user = user;
        this.group = group;
    }

    static ServiceAccount none() {
        return new ServiceAccount(null, null);
    }

    static ServiceAccount lookup(String name, boolean root) {
        if (!root || name == null || name.isBlank()) {
            return none();
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            UserPrincipal user = lookup.lookupPrincipalByName(name);
            GroupPrincipal group;
            try {
                group = lookup.lookupPrincipalByGroupName(name);
            } catch (UserPrincipalNotFoundException e) {
                group = null; // an account without a group of its name keeps the file's group
            }
            return new ServiceAccount(user, group);
        } catch (IOException e) { // no such account (UserPrincipalNotFoundException) or no lookup
            return none();
        }
    }

    static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    Optional<String> name() {
        return Optional.ofNullable(user).map(UserPrincipal::getName);
    }

    /** The service owns it (its key, its folder). */
    void own(Path path) throws IOException {
        if (user == null) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        if (group != null) {
            view.setGroup(group);
        }
    }

    /** The service may read it through its group (the site file, 0640). */
    void groupReads(Path path) throws IOException {
        if (group != null) {
            Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(group);
        }
    }
}
