package io.streetgate.provision;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run will do, decided and checked before the first file is touched, so that a refusal leaves the
 * node as it was.
 *
 * @param layout      where the files go
 * @param node        the node id
 * @param subject     the CSR's subject (organisation and country from an earlier CSR unless given)
 * @param key         the key to keep; empty when a new one is made (first run or --rotate-key)
 * @param certificate a checked certificate chain to install (--install-cert)
 * @param makePsk     whether a new pre-shared key is made (--psk without one, or --rotate-psk)
 * @param pskExport   where to export the pre-shared key for the back office
 * @param broker      a new broker URL
 * @param ca          checked CA certificates to install
 * @param site        a validated site file to install
 */
record Plan(Layout layout, String node, NodeSubject subject, Optional<NodeKey> key,
            Optional<List<X509Certificate>> certificate, boolean makePsk, Optional<Path> pskExport,
            Optional<BrokerUrl> broker, Optional<CaCertificates> ca, Optional<SiteInstall.Checked> site) {
}
