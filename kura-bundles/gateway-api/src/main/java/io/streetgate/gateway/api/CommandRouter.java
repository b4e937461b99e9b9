package io.streetgate.gateway.api;


import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Finds the handler that owns a command and runs it; a command nobody owns is refused with the known ones. */
public final class CommandRouter {

    private CommandRouter() {
    }

    public static CommandResult route(Command command, Collection<CommandHandler> handlers) {
        List<CommandHandler> owners = handlers.stream().filter(h -> h.commands().contains(command.name())).toList();
        if (owners.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            handlers.forEach(h -> known.addAll(h.commands()));
            return CommandResult.refused("no component handles '" + command.name() + "'; known commands: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)));
        }
        if (owners.size() > 1) {
            return CommandResult.refused("'" + command.name() + "' is claimed by " + owners.size()
                    + " components; refusing rather than guessing");
        }
        try {
            return owners.get(0).handle(command);
        } catch (RuntimeException e) {
            return CommandResult.refused(command.name() + " failed: " + e.getMessage());
        }
    }
}
