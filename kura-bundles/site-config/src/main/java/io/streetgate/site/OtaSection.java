package io.streetgate.site;

import io.streetgate.driver.OptionSpec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code ota:} section; without it the node does not look for updates. */
final class OtaSection {

    private OtaSection() {
    }

    static Optional<OtaConfig> read(YamlSection s) {
        if (s.node() == null) {
            return Optional.empty();
        }
        Optional<String> repository = s.requiredScalar("repository",
                "the repository's base URL, e.g. https://updates.example.org/streetgate/");
        repository.ifPresent(r -> {
            try {
                URI uri = new URI(r.trim());
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    s.problem("repository", r, "is not an http(s) URL");
                }
            } catch (URISyntaxException e) {
                s.problem("repository", r, "is not a URL: " + e.getReason());
            }
        });
        Optional<String> root = s.requiredScalar("trusted-root",
                "the path of the repository's root metadata provisioned with the node, e.g. /etc/streetgate/ota-root.json");
        String backend = s.option("backend", OptionSpec.choice("backend", "", "bundle-set", "bundle-set"))
                .orElse("bundle-set");
        String hardware = s.scalar("hardware").orElse("generic");
        Duration poll = s.duration("poll-interval", Duration.ofSeconds(10), Duration.ofDays(7), Duration.ofHours(1))
                .orElse(Duration.ofHours(1));
        boolean installOnPoll = s.bool("install-on-poll", false).orElse(false);
        Duration health = s.duration("health-timeout", Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofMinutes(5))
                .orElse(Duration.ofMinutes(5));
        long cap = s.integer("bandwidth-cap", 0, Integer.MAX_VALUE, 0).orElse(0);
        String reboot = s.scalar("reboot-command").orElse("systemctl reboot");
        s.rejectUnknownKeys(List.of("repository", "trusted-root", "backend", "hardware", "poll-interval",
                "install-on-poll", "health-timeout", "bandwidth-cap", "reboot-command"));
        if (!s.clean() || repository.isEmpty() || root.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new OtaConfig(repository.get().trim(), root.get().trim(), backend, hardware, poll,
                installOnPoll, health, cap, reboot));
    }
}
