package io.streetgate.uplink.internal;

import io.streetgate.gateway.api.CommandAudit;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.site.CommandKeys;
import io.streetgate.site.ConfigAdminMapping;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.command.CommandRules;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tracks the command handlers (services that come and go) for the uplink's commands, takes the command rules
 * of the configuration {@code streetgate.uplink} and records refusals through the control's audit.
 */
@Component(service = CommandDispatcher.class, configurationPid = ConfigAdminMapping.UPLINK_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class CommandRouterComponent extends CommandDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRouterComponent.class);

    private CommandAudit audit;

    @Activate
    @Modified
    void configure(UplinkConfiguration config) {
        rules(rules(config));
    }

    /** The rules of a configuration; a key that cannot be read is left out (the site file's check names it). */
    static CommandRules rules(UplinkConfiguration config) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (String entry : config.commands_keys().split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = (eq < 0 ? entry : entry.substring(0, eq)).trim();
            try {
                keys.put(name, CommandKeys.publicKey(eq < 0 ? "" : entry.substring(eq + 1).trim()));
            } catch (IllegalArgumentException e) {
                LOG.error("Command key '{}' left out: it {}", name, e.getMessage());
            }
        }
        return new CommandRules(Duration.ofMillis(config.commands_max_age_ms()), config.commands_require_signature(),
                keys, (int) Math.min(Integer.MAX_VALUE, config.commands_per_minute()));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(CommandHandler handler) {
        add(handler);
    }

    void removeHandler(CommandHandler handler) {
        remove(handler);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void setAudit(CommandAudit audit) {
        this.audit = audit;
        audit(audit);
    }

    synchronized void unsetAudit(CommandAudit audit) {
        if (this.audit == audit) {
            this.audit = null;
            audit(null);
        }
    }
}
