package io.streetgate.gateway.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandRouterTest {

    private static Command command(String name) {
        return new Command("1", name, "lamp-1", Map.of("level", 0.5), "cli:test", Instant.EPOCH);
    }

    private static CommandHandler handler(String name, CommandResult result) {
        return new CommandHandler() {
            @Override
            public Set<String> commands() {
                return Set.of(name);
            }

            @Override
            public CommandResult handle(Command command) {
                return result;
            }
        };
    }

    @Test
    void theOwnerOfACommandRunsIt() {
        CommandResult r = CommandRouter.route(command("actuator.override"), List.of(
                handler("ota.campaign", CommandResult.refused("wrong one")),
                handler("actuator.override", CommandResult.done("lamp-1 at 50 %", Map.of()))));
        assertTrue(r.accepted());
        assertEquals("lamp-1 at 50 %", r.reason());
    }

    @Test
    void aCommandNobodyOwnsIsRefusedWithTheKnownOnes() {
        CommandResult r = CommandRouter.route(command("reboot"), List.of(
                handler("ota.campaign", CommandResult.done("", Map.of())),
                handler("actuator.override", CommandResult.done("", Map.of()))));
        assertFalse(r.accepted());
        assertEquals("no component handles 'reboot'; known commands: actuator.override, ota.campaign", r.reason());
    }

    @Test
    void aHandlerThatThrowsGivesARefusalNotACrash() {
        CommandHandler broken = new CommandHandler() {
            @Override
            public Set<String> commands() {
                return Set.of("x");
            }

            @Override
            public CommandResult handle(Command command) {
                throw new IllegalStateException("actuator bus down");
            }
        };
        CommandResult r = CommandRouter.route(command("x"), List.of(broken));
        assertFalse(r.accepted());
        assertEquals("x failed: actuator bus down", r.reason());
    }
}
