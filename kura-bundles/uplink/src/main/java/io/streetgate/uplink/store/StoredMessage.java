package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.format.FieldWriter;

import java.time.Instant;
import java.util.Map;

/**
 * A message as the store keeps it until the broker has acknowledged it. A message read from the file keeps its
 * fields in their stored form ({@link FieldCodec}) and decodes them only when {@link #message()} is asked for:
 * the JSON format writes them straight from that form ({@link #writeFields}).
 */
public final class StoredMessage {

    private final long id;
    private final StreamKey stream;
    private final long seq;
    private final String epoch;
    private final int priority;
    private final Instant created;
    private final int size;
    private final byte[] body;     // the stored form; null for a message held in memory
    private UplinkMessage message; // decoded on first use (racing readers decode equal, immutable values)

    /**
     * A message held in memory, while the disk cannot be written.
     *
     * @param id       the store's id: append order across all streams (durable and in-memory ids are apart,
     *                 see {@link #durable()})
     * @param stream   the stream it belongs to
     * @param seq      its sequence number in the stream, from 1, persisted with the message
     * @param epoch    the store's epoch: sequence numbers count within one epoch (a new store file, or the
     *                 in-memory fallback, starts a new epoch so that a number is never handed out twice)
     * @param priority its drop class (higher is kept longer), see {@link DropPolicy}
     * @param created  when it was stored (gateway time)
     * @param size     the bytes it counts against the store's bound
     * @param message  the message itself
     */
    public StoredMessage(long id, StreamKey stream, long seq, String epoch, int priority, Instant created, int size,
                         UplinkMessage message) {
        this(id, stream, seq, epoch, priority, created, size, null, message);
    }

    private StoredMessage(long id, StreamKey stream, long seq, String epoch, int priority, Instant created, int size,
                          byte[] body, UplinkMessage message) {
        this.id = id;
        this.stream = stream;
        this.seq = seq;
        this.epoch = epoch;
        this.priority = priority;
        this.created = created;
        this.size = size;
        this.body = body;
        this.message = message;
    }

    /** A message read from the file, its fields in their stored form ({@link FieldCodec#encode}). */
    static StoredMessage durable(long id, StreamKey stream, long seq, String epoch, int priority, Instant created,
                                 int size, byte[] body) {
        return new StoredMessage(id, stream, seq, epoch, priority, created, size, body, null);
    }

    public long id() {
        return id;
    }

    public StreamKey stream() {
        return stream;
    }

    public long seq() {
        return seq;
    }

    public String epoch() {
        return epoch;
    }

    public int priority() {
        return priority;
    }

    public Instant created() {
        return created;
    }

    public int size() {
        return size;
    }

    /** Whether it is on disk (false: held in memory while the disk cannot be written). */
    public boolean durable() {
        return body != null;
    }

    /** The message itself; a stored form that cannot be read gives a message with one field, {@code damaged}. */
    public UplinkMessage message() {
        UplinkMessage m = message;
        if (m == null) {
            Map<String, Object> fields;
            try {
                fields = FieldCodec.decode(body);
            } catch (IllegalArgumentException e) {
                fields = Map.of("damaged", e.getMessage());
            }
            m = new UplinkMessage(stream.kind(), stream.source(), fields);
            message = m;
        }
        return m;
    }

    /** Whether the message has a field of this (ASCII) name. */
    public boolean hasField(String name) {
        return body == null ? message.fields().containsKey(name) : FieldCodec.has(body, name);
    }

    /**
     * Writes the message's fields in their order, from the stored form when there is one.
     *
     * @throws IllegalArgumentException when the stored form cannot be read (then {@link #message()} tells why)
     */
    public void writeFields(FieldWriter out) {
        if (body == null) {
            message.fields().forEach(out::field);
        } else {
            FieldCodec.read(body, out);
        }
    }

    @Override
    public String toString() {
        return "StoredMessage[id=" + id + ", stream=" + stream + ", seq=" + seq + ", epoch=" + epoch + ", durable="
                + durable() + "]";
    }
}
