package io.streetgate.uplink.payload;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.uplink.link.Will;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.store.StoredMessage;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * The lean format for metered links (docs/uplink.md): window summaries go out gathered in SenML CBOR packs
 * ({@link SenmlPack}) on {@code <prefix>/<node>/senml}, or raw-deflated (RFC 1951) on
 * {@code <prefix>/<node>/senml-deflate}; a pack is published when the oldest summary in it has waited the
 * packing window, or at once when one more would pass its bound. Everything else - state, will, drop reports,
 * commands and their results, events, indices and the node's own reports - is the JSON format's
 * ({@link JsonFormat}), so commands, acknowledgements and drops work as they do there. The summaries of a pack
 * leave the store together when the broker acknowledges it; a lost connection sends them again in a new pack.
 */
public final class SenmlCborFormat implements PayloadFormat {

    /** How a pack is compressed. */
    public enum Compression {
        NONE, DEFLATE;

        /** {@code none} or {@code deflate}, as the site file writes it. */
        public static Compression of(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * @param window      how long a summary may wait to be packed with later ones
     * @param maxBytes    a pack's bound before compression (a single larger summary goes alone)
     * @param compression how the pack is compressed
     */
    public record Packing(Duration window, int maxBytes, Compression compression) {
        public Packing {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(compression, "compression");
            if (maxBytes < 1) {
                throw new IllegalArgumentException("a pack's bound must be positive: " + maxBytes);
            }
        }
    }

    private final JsonFormat json;
    private final Packing packing;
    private final String topic;
    /**
     * zlib's level 5: on a day of the simulated street's packs it gives 0.8 % more bytes than level 9 for a tenth
     * or less of its CPU (level 9's long match chains find next to nothing more in CBOR packs); levels 1 to 4
     * give 8-21 % more bytes (docs/performance.md, "Deflate levels").
     */
    static final int DEFLATE_LEVEL = 5;

    private final Deflater deflater = new Deflater(DEFLATE_LEVEL, true);
    private final SenmlPack pack;
    private final List<StoredMessage> held = new ArrayList<>();

    public SenmlCborFormat(String prefix, String node, String group, Packing packing) {
        this.json = new JsonFormat(prefix, node, group);
        this.packing = Objects.requireNonNull(packing, "packing");
        this.topic = prefix + "/" + node + (packing.compression() == Compression.DEFLATE ? "/senml-deflate" : "/senml");
        this.pack = new SenmlPack(node);
    }

    /** The topic of the packs. */
    public String packTopic() {
        return topic;
    }

    /**
     * A summary joins the pack being gathered (nothing goes out yet, unless the pack is full); anything else goes
     * out as JSON at once.
     */
    @Override
    public List<Outgoing> encode(StoredMessage m, boolean historical, Instant now) {
        if (!"summary".equals(m.stream().kind()) || m.stream().quantity() == null) {
            return json.encode(m, historical, now);
        }
        UplinkMessage message = m.message();
        if (message.fields().containsKey("damaged")) {
            return json.encode(m, historical, now);
        }
        if (pack.add(message, m.stream().source(), m.stream().quantity()) < 0) {
            return json.encode(m, historical, now);
        }
        List<Outgoing> out = new ArrayList<>(1);
        if (pack.size() > packing.maxBytes() && !held.isEmpty()) {
            // over the bound with it: the pack goes without it, and it starts the next one
            pack.removeLast();
            out.add(take());
            pack.add(message, m.stream().source(), m.stream().quantity());
        }
        held.add(m);
        if (pack.size() >= packing.maxBytes()) {
            out.add(take());
        }
        return out;
    }

    @Override
    public List<Outgoing> due(Instant now) {
        if (held.isEmpty() || held.get(0).created().plus(packing.window()).isAfter(now)) {
            return List.of();
        }
        return List.of(take());
    }

    /** The pack of what is held; the next starts empty. */
    private Outgoing take() {
        Outgoing o = Outgoing.pack(topic, compress(pack.finish()), held);
        held.clear();
        return o;
    }

    private byte[] compress(byte[] cbor) {
        if (packing.compression() == Compression.NONE) {
            return cbor;
        }
        deflater.reset();
        deflater.setInput(cbor);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(cbor.length / 2 + 64);
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    /** A new connection: what was held is read from the store again (the new session's cursor hands it out). */
    @Override
    public List<Outgoing> sessionStarted(Instant now, NodeState state) {
        held.clear();
        pack.clear();
        return json.sessionStarted(now, state);
    }

    @Override
    public Will will(Instant now) {
        return json.will(now);
    }

    @Override
    public boolean cleanStart() {
        return json.cleanStart();
    }

    @Override
    public List<String> commandTopics() {
        return json.commandTopics();
    }

    @Override
    public List<Outgoing> stateChanged(Instant now, NodeState state) {
        return json.stateChanged(now, state);
    }

    @Override
    public List<Outgoing> dropped(Instant now, ForwardStore.DropReport report) {
        return json.dropped(now, report);
    }

    @Override
    public List<CommandRequest> commands(String topic, byte[] payload, Instant now) {
        return json.commands(topic, payload, now);
    }

    @Override
    public List<Outgoing> result(CommandRequest request, CommandResult result, Instant now) {
        return json.result(request, result, now);
    }

    @Override
    public List<Outgoing> rebirth(Instant now, NodeState state) {
        return json.rebirth(now, state);
    }
}
