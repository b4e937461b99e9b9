package io.streetgate.uplink;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.CommandHandler;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.forward.Forwarder;
import io.streetgate.uplink.internal.UplinkAssembly;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.PahoConnector;
import io.streetgate.uplink.store.ForwardStore;

import java.nio.file.Path;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An uplink for a caller outside this bundle (the fleet simulator): its own store file, the payload format and
 * sender its settings name, and a connection to one broker, put together as the gateway's store-forwarder
 * component puts its own together. Messages sent are on disk when {@link #send} returns and leave in order
 * once {@link #start} has connected; what is not delivered when it is closed stays in the store for the next
 * open of the same file.
 */
public final class Uplink implements AutoCloseable {

    /**
     * Where a message went: its stream ({@code kind/source[/quantity]}) and its sequence number there.
     */
    public record Receipt(String stream, long seq) {
    }

    /**
     * How the uplink is doing.
     *
     * @param connected    connected to the broker now
     * @param connections  connections made so far
     * @param published    messages published so far
     * @param acknowledged of those, acknowledged by the broker
     * @param inFlight     published and not yet acknowledged
     * @param waiting      stored and not yet delivered
     * @param lastError    why the last connection failed or was lost, or empty
     */
    public record Stats(boolean connected, long connections, long published, long acknowledged, int inFlight,
                        long waiting, String lastError) {
    }

    private final ForwardStore store;
    private final CommandDispatcher commands;
    private final Forwarder sender;

    private Uplink(ForwardStore store, CommandDispatcher commands, Forwarder sender) {
        this.store = store;
        this.commands = commands;
        this.sender = sender;
    }

    /**
     * Opens (or creates) the store and prepares the sender; nothing connects before {@link #start}.
     *
     * @param storeFile     the SQLite file that keeps what waits
     * @param storeMaxBytes its bound; past it the oldest summaries go first (the store's drop policy)
     * @param health        where the link, the store and the budget report
     * @param clock         whether the clock can be believed (the sender waits until it can)
     * @param random        the back-off's jitter
     * @throws IllegalArgumentException for a format or MQTT protocol that is not known, naming it and the choices
     */
    public static Uplink open(UplinkSettings settings, Broker broker, Path storeFile, long storeMaxBytes,
                              HealthRegistry health, TimeBase time, ClockCheck clock, RandomGenerator random) {
        Objects.requireNonNull(broker, "broker");
        LinkSettings link = LinkSettings.forFormat(broker.url(), LinkSettings.Protocol.of(broker.protocol()),
                broker.clientId(), broker.username(), broker.password(), broker.tls(), broker.keepAlive(),
                "sparkplug".equals(settings.format()), broker.sessionExpiry());
        ForwardStore store = ForwardStore.open(ForwardStore.Settings.of(storeFile, storeMaxBytes), time);
        try {
            CommandDispatcher commands = new CommandDispatcher();
            Forwarder sender = new UplinkAssembly(settings, store, commands, health, time, clock)
                    .sender(new PahoConnector(link, settings.sending().maxInflight()), random);
            return new Uplink(store, commands, sender);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Commands from upstream that {@code handler} names go to it; the rest are refused naming the known ones. */
    public void answer(CommandHandler handler) {
        commands.add(handler);
    }

    /** Connects and keeps sending on the uplink's own thread, reconnecting with back-off, until closed. */
    public void start() {
        sender.start();
    }

    /** Stores {@code message}: it is on disk when this returns and leaves in its stream's order. */
    public Receipt send(UplinkMessage message) {
        ForwardStore.Receipt r = store.append(message);
        return new Receipt(r.stream().key(), r.seq());
    }

    /** Messages stored and not yet delivered. */
    public long waiting() {
        return store.waiting();
    }

    public Stats stats() {
        Forwarder.Stats s = sender.stats();
        return new Stats(s.connected(), s.connections(), s.published(), s.acknowledged(), s.inFlight(), s.waiting(),
                s.lastError());
    }

    /** Says goodbye to the broker (the offline state or NDEATH) and closes the store; what waits stays in it. */
    @Override
    public void close() {
        try {
            sender.close();
        } finally {
            store.close();
        }
    }
}
