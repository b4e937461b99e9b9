package io.streetgate.gateway.api.format;

import java.util.Arrays;

/**
 * What the uplink's JSON form of one stream's messages has in common, encoded once: the node and the kind
 * before each message's sequence number, the epoch and the source id after it. The uplink keeps one per stream
 * and sends a message as these bytes, its number and the fields {@link JsonMembers} wrote when it was stored:
 * the bytes {@link UplinkJson#encode(String, io.streetgate.analytics.privacy.UplinkMessage, long, String)}
 * writes for the same message (UplinkJsonTest compares them), without encoding any of it again.
 */
public final class StreamHead {

    private final String epoch;
    private final byte[] beforeSeq;  // {"node":"...","kind":"...","seq":
    private final byte[] afterSeq;   // ,"epoch":"..."
    private final byte[] source;     // ,"sourceId":"..."

    /**
     * @param epoch what the stream's sequence numbers count in (the uplink's form always has one)
     */
    public StreamHead(String node, String kind, String sourceId, String epoch) {
        this.epoch = epoch;
        FlatJsonWriter head = new FlatJsonWriter(64);
        head.text("node", node);
        head.text("kind", kind);
        head.number("seq", 0L);
        byte[] withZero = head.members();
        beforeSeq = Arrays.copyOf(withZero, withZero.length - 1); // up to the number
        afterSeq = member("epoch", epoch);
        source = member("sourceId", sourceId);
    }

    /** {@code ,"name":"value"} as the writer writes it after another member. */
    private static byte[] member(String name, String value) {
        FlatJsonWriter w = new FlatJsonWriter(new byte[] {','}, 32);
        w.text(name, value);
        return w.members();
    }

    /** Whether messages of this epoch have this head (a new store file starts a new epoch). */
    public boolean hasEpoch(String epoch) {
        return this.epoch.equals(epoch);
    }

    /**
     * One message of the stream.
     *
     * @param seq                   its sequence number in the stream
     * @param fieldsNameTheirSource {@link UplinkJson#fieldsNameTheirSource} of its fields (then the stream's
     *                              source id is not written again)
     * @param members               {@code members[from..]} are its fields, as {@link JsonMembers} wrote them
     */
    public byte[] encode(long seq, boolean fieldsNameTheirSource, byte[] members, int from) {
        int fields = members.length - from;
        int digits = seq >= 0 ? digits(seq) : Long.toString(seq).length();
        byte[] out = new byte[beforeSeq.length + digits + afterSeq.length
                + (fieldsNameTheirSource ? 0 : source.length) + (fields > 0 ? fields + 1 : 0) + 1];
        System.arraycopy(beforeSeq, 0, out, 0, beforeSeq.length);
        int n = beforeSeq.length;
        if (seq >= 0) {
            for (int i = n + digits - 1; i >= n; i--, seq /= 10) {
                out[i] = (byte) ('0' + seq % 10);
            }
        } else {
            String text = Long.toString(seq);
            for (int i = 0; i < digits; i++) {
                out[n + i] = (byte) text.charAt(i);
            }
        }
        n += digits;
        System.arraycopy(afterSeq, 0, out, n, afterSeq.length);
        n += afterSeq.length;
        if (!fieldsNameTheirSource) {
            System.arraycopy(source, 0, out, n, source.length);
            n += source.length;
        }
        if (fields > 0) {
            out[n++] = ',';
            System.arraycopy(members, from, out, n, fields);
            n += fields;
        }
        out[n] = '}';
        return out;
    }

    private static int digits(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        return digits;
    }
}
