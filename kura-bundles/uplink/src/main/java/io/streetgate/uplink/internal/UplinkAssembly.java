package io.streetgate.uplink.internal;

import io.streetgate.gateway.api.ClockCheck;
import io.streetgate.gateway.api.HealthRegistry;
import io.streetgate.site.UplinkConfig;
import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.UplinkSettings;
import io.streetgate.uplink.budget.BudgetGuard;
import io.streetgate.uplink.budget.ByteBudget;
import io.streetgate.uplink.command.CommandDispatcher;
import io.streetgate.uplink.forward.Forwarder;
import io.streetgate.uplink.link.Connector;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.payload.SenmlCborFormat;
import io.streetgate.uplink.payload.SparkplugFormat;
import io.streetgate.uplink.store.ForwardStore;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How a running uplink is put together from its settings: the payload format they name, on the store it sends
 * from, and a sender (with its byte budget) for each connection it is given. The store stays the caller's: it is
 * opened before there is a connection, takes messages while there is none, and outlives the senders started on
 * it. The format is made once per assembly, so a sender started again on a new connection continues its state.
 * Inside the bundle only: the gateway's {@link StoreForwarderComponent} uses it directly, and callers outside
 * the bundle through {@link io.streetgate.uplink.Uplink}, so there is one place that assembles an uplink.
 */
public final class UplinkAssembly {

    private final UplinkSettings settings;
    private final ForwardStore store;
    private final PayloadFormat format;
    private final CommandDispatcher commands;
    private final HealthRegistry health;
    private final TimeBase time;
    private final ClockCheck clock;

    /**
     * @param commands where commands from upstream go
     * @param health   where the link, the store and the budget report
     * @param clock    whether the gateway's clock can be believed (the sender waits until it can)
     * @throws IllegalArgumentException for a format that is none of the three
     */
    public UplinkAssembly(UplinkSettings settings, ForwardStore store, CommandDispatcher commands, HealthRegistry health,
                          TimeBase time, ClockCheck clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.health = Objects.requireNonNull(health, "health");
        this.time = Objects.requireNonNull(time, "time");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.format = format(settings, store);
    }

    private static PayloadFormat format(UplinkSettings s, ForwardStore store) {
        return switch (s.format()) {
            case "json" -> new JsonFormat(s.topicPrefix(), s.node(), s.group());
            // the store keeps Sparkplug's bdSeq and metric aliases across restarts
            case "sparkplug" -> new SparkplugFormat(s.group(), s.node(), store, s.sparkplug(), s.topicPrefix());
            case "senml-cbor" -> new SenmlCborFormat(s.topicPrefix(), s.node(), s.group(),
                    new SenmlCborFormat.Packing(s.pack().window(), Math.toIntExact(s.pack().maxBytes()),
                            SenmlCborFormat.Compression.of(s.pack().compression())));
            default -> throw new IllegalArgumentException("uplink format '" + s.format()
                    + "' is not known: use json, sparkplug or senml-cbor");
        };
    }

    public PayloadFormat format() {
        return format;
    }

    public ForwardStore store() {
        return store;
    }

    /**
     * A sender on {@code connector}, with the byte budget if the settings give one. Once started it connects,
     * sends what the store holds and keeps sending on its own thread until it is closed; closing it leaves the
     * store open.
     *
     * @param random the back-off's jitter
     */
    public Forwarder sender(Connector connector, RandomGenerator random) {
        UplinkSettings.Sending sending = settings.sending();
        Forwarder sender = new Forwarder(store, format, connector, commands, health, time, clock,
                Forwarder.Settings.of(sending.maxInflight(), sending.reconnectMin(), sending.reconnectMax()), random,
                connector.toString());
        UplinkConfig.Budget budget = settings.budget();
        if (budget.bytes() > 0) {
            sender.budget(new BudgetGuard(new ByteBudget(budget.bytes(), ByteBudget.Period.of(budget.period()), store,
                    time.now()), health));
        }
        return sender;
    }
}
