package io.streetgate.uplink.internal;

import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.uplink.command.CommandDispatcher;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Tracks the command handlers (services that come and go) for the uplink's commands. */
@Component(service = CommandDispatcher.class)
public class CommandRouterComponent extends CommandDispatcher {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHandler(CommandHandler handler) {
        add(handler);
    }

    void removeHandler(CommandHandler handler) {
        remove(handler);
    }
}
