package io.streetgate.provision;

import java.nio.file.Path;

/**
 * Where provisioning puts things. Everything about the node's identity is in one owner-only folder,
 * {@code <state>/identity}; the site file goes where the service reads it.
 *
 * @param state     the state folder
 * @param configDir the folder of site.yaml
 */
record Layout(Path state, Path configDir) {

    Path identity() {
        return state.resolve("identity");
    }

    Path key() {
        return identity().resolve("node.key");
    }

    Path csr() {
        return identity().resolve("node.csr");
    }

    Path certificate() {
        return identity().resolve("node.crt");
    }

    Path ca() {
        return identity().resolve("ca.pem");
    }

    Path psk() {
        return identity().resolve("psk");
    }

    Path record() {
        return identity().resolve("provisioned.json");
    }

    Path site() {
        return configDir.resolve(SiteInstall.NAME);
    }
}
