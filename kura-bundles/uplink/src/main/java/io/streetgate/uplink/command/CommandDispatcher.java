package io.streetgate.uplink.command;

import io.streetgate.gateway.api.Command;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.CommandRouter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The command handlers there are right now (OSGi services come and go), and the routing of a command to the
 * one that owns it ({@link CommandRouter}: nobody or two owners refuse, with the reason).
 */
public class CommandDispatcher {

    private final List<CommandHandler> handlers = new CopyOnWriteArrayList<>();

    public void add(CommandHandler handler) {
        handlers.add(handler);
    }

    public void remove(CommandHandler handler) {
        handlers.remove(handler);
    }

    public CommandResult route(Command command) {
        return CommandRouter.route(command, handlers);
    }
}
