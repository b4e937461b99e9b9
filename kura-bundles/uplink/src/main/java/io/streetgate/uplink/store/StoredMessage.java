package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.PrivacyGate;
import io.streetgate.analytics.privacy.UplinkMessage;

import java.time.Instant;
import java.util.Map;

/**
 * A message as the store keeps it until the broker has acknowledged it: its fields in their stored form
 * ({@link FieldCodec}), decoded when {@link #message()} is first asked for, from which every payload format
 * encodes.
 */
public final class StoredMessage {

    private final long id;
    private final StreamKey stream;
    private final long seq;
    private final String epoch;
    private final int priority;
    private final Instant created;
    private final int size;
    private final boolean durable;
    private final byte[] body;     // the stored form
    private UplinkMessage message; // decoded on first use (racing readers decode equal, immutable values)

    private StoredMessage(long id, StreamKey stream, long seq, String epoch, int priority, Instant created, int size,
                          boolean durable, byte[] body) {
        this.id = id;
        this.stream = stream;
        this.seq = seq;
        this.epoch = epoch;
        this.priority = priority;
        this.created = created;
        this.size = size;
        this.durable = durable;
        this.body = body;
    }

    /**
     * A message held in memory, while the disk cannot be written; its size is that of its stored form, as it
     * would count on disk.
     *
     * @param id       the store's id: append order across all streams (durable and in-memory ids are apart,
     *                 see {@link #durable()})
     * @param stream   the stream it belongs to
     * @param seq      its sequence number in the stream, from 1
     * @param epoch    the store's epoch: sequence numbers count within one epoch (a new store file, or the
     *                 in-memory fallback, starts a new epoch so that a number is never handed out twice)
     * @param priority its drop class (higher is kept longer), see {@link DropPolicy}
     * @param created  when it was stored (gateway time)
     * @param message  the message itself
     */
    public static StoredMessage inMemory(long id, StreamKey stream, long seq, String epoch, int priority,
                                         Instant created, UplinkMessage message) {
        byte[] body = FieldCodec.encode(message.fields());
        // the message is decoded from the stored form when asked for, as one read from the file is: the payload
        // formats see the same values whichever way the store held it
        return new StoredMessage(id, stream, seq, epoch, priority, created, body.length + SqliteStore.ROW_OVERHEAD,
                false, body);
    }

    /** A message read from the file, its fields in their stored form ({@link FieldCodec#encode}). */
    static StoredMessage durable(long id, StreamKey stream, long seq, String epoch, int priority, Instant created,
                                 int size, byte[] body) {
        return new StoredMessage(id, stream, seq, epoch, priority, created, size, true, body);
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
        return durable;
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
            m = PrivacyGate.readBack(stream.kind(), stream.source(), fields);
            message = m;
        }
        return m;
    }

    @Override
    public String toString() {
        return "StoredMessage[id=" + id + ", stream=" + stream + ", seq=" + seq + ", epoch=" + epoch + ", durable="
                + durable() + "]";
    }
}
