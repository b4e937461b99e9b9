package io.streetgate.provision;

import java.nio.file.Path;

/**
 * What a technician asks provisioning to do: the options of {@code streetgate provision} and the fields of the
 * console's Provisioning page, one meaning each (docs/provisioning.md). Null or false leaves an area as it is.
 *
 * @param node           the node id (null: the site file's node.id, or the one provisioned before)
 * @param site           a site file to validate and install
 * @param broker         the city's broker URL
 * @param insecureBroker accept a tcp:// broker
 * @param ca             a PEM file of CA certificates to trust
 * @param installCert    the CA's answer to install as node.crt
 * @param organization   O= in the certificate request
 * @param country        C= in the certificate request
 * @param rotateKey      replace the node's key, request and certificate
 * @param psk            make a pre-shared key when there is none
 * @param rotatePsk      replace the pre-shared key
 * @param pskExport      where to write the pre-shared key for the back office
 */
public record ProvisionRequest(String node, Path site, String broker, boolean insecureBroker, Path ca,
                               Path installCert, String organization, String country, boolean rotateKey,
                               boolean psk, boolean rotatePsk, Path pskExport) {

    /** Changes nothing but takes the node id: a re-run that only reports, or the first one with a node id. */
    public static ProvisionRequest node(String node) {
        return new ProvisionRequest(node, null, null, false, null, null, null, null, false, false, false, null);
    }
}
