package io.streetgate.site;

import java.time.Duration;

/**
 * Signed updates for this node ({@code ota:} in the site file; docs/ota.md).
 *
 * @param repository    base URL of the TUF repository (HTTPS)
 * @param trustedRoot   the trusted root metadata provisioned with the node
 * @param backend       how updates are installed: {@code bundle-set}
 * @param hardware      what this node is, matched against an artifact's hardware compatibility
 * @param pollInterval  how often the timestamp role is polled
 * @param installOnPoll whether a poll installs what it finds, or only campaign notices do
 * @param healthTimeout how long a new version has to become healthy before it is rolled back
 * @param bandwidthCap  download cap in bytes per second; 0 for none
 * @param rebootCommand what reboots the node for image updates
 */
public record OtaConfig(String repository, String trustedRoot, String backend, String hardware,
                        Duration pollInterval, boolean installOnPoll, Duration healthTimeout, long bandwidthCap,
                        String rebootCommand) {
}
