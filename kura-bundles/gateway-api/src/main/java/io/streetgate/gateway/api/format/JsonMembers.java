package io.streetgate.gateway.api.format;

import java.time.Instant;

/**
 * Writes a message's fields as the members of the uplink's JSON object ({@code "name":value}, joined by commas,
 * without the braces) after a head of the caller's own bytes, by the rules of {@link UplinkJson}. The uplink
 * store keeps each message's fields in this form, so that sending one as JSON is a copy: {@link StreamHead}
 * puts the node, kind, seq, epoch and source id before them.
 */
public final class JsonMembers implements FieldWriter {

    private final FlatJsonWriter out;

    /**
     * @param head     bytes to put before the members (the store's header), copied
     * @param capacity the expected size of head and members together; the buffer grows past it when needed
     */
    public JsonMembers(byte[] head, int capacity) {
        out = new FlatJsonWriter(head, capacity);
    }

    /**
     * @throws IllegalArgumentException for a nested map or list: members are flat
     */
    @Override
    public void field(String name, Object value) {
        try {
            out.field(name, value);
        } catch (FlatJsonWriter.NotFlat nested) {
            throw new IllegalArgumentException("field " + name + " holds a nested value; members are flat");
        }
    }

    @Override
    public void number(String name, double value) {
        out.number(name, value);
    }

    @Override
    public void number(String name, float value) {
        out.number(name, value);
    }

    @Override
    public void number(String name, long value) {
        out.number(name, value);
    }

    @Override
    public void bool(String name, boolean value) {
        out.bool(name, value);
    }

    @Override
    public void time(String name, Instant value) {
        out.time(name, value);
    }

    @Override
    public void text(String name, String value) {
        out.text(name, value);
    }

    /** The head, then the members written so far. */
    public byte[] bytes() {
        return out.members();
    }
}
