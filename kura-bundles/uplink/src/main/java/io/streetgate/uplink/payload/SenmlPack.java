package io.streetgate.uplink.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.gateway.api.format.SenmlLabel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Window summaries gathered into one SenML pack in CBOR (RFC 8428 section 6: integer labels). The records of one
 * series ({@code <source>/<quantity>}) stand together: its first record names it once as the base name
 * {@code bn = "<node>/<source>/<quantity>/"} with the base unit {@code bu}, and each summary sets the base time
 * {@code bt} to its window's end; the records that follow inherit all three (RFC 8428 section 4.6). A summary is
 * one record per field: {@code mean}, {@code min}, {@code max} (in the base unit, kept to the quantity's
 * resolution, {@link Resolutions}), {@code count} (unit {@code count}), {@code span} (the window's length,
 * {@code end - start}, in {@code s}); strings as {@code vs}, booleans as {@code vb}. Not thread-safe.
 */
public final class SenmlPack {

    /** RFC 8428 section 12.1: the units of counts and of durations. */
    static final String COUNT_UNIT = "count";
    static final String SECONDS = "s";

    private static final CBORFactory CBOR = new CBORFactory();
    private static final BigDecimal LARGEST_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    private final String node;
    // the records of each series, in the order a series first came; each summary's records are one chunk
    private final Map<String, List<byte[]>> series = new LinkedHashMap<>();
    private int records;
    private int bytes;
    // the last summary added, so that it can be taken out again
    private String lastSeries;
    private int lastRecords;

    public SenmlPack(String node) {
        this.node = node;
    }

    /**
     * Adds a summary's records.
     *
     * @return the bytes it added, or -1 when it is not a summary this pack can hold (no {@code end} time):
     *         then nothing was added
     */
    public int add(UplinkMessage summary, String source, String quantity) {
        Object end = summary.fields().get("end");
        if (!(end instanceof Instant endTime)) {
            return -1;
        }
        String name = source + "/" + quantity;
        List<byte[]> chunks = series.get(name);
        boolean first = chunks == null;
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        int n;
        try (JsonGenerator g = CBOR.createGenerator(out)) {
            n = writeRecords(g, summary, endTime, first ? node + "/" + name + "/" : null, quantity);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (first) {
            chunks = new ArrayList<>();
            series.put(name, chunks);
        }
        byte[] chunk = out.toByteArray();
        chunks.add(chunk);
        lastSeries = name;
        lastRecords = n;
        records += n;
        bytes += chunk.length;
        return chunk.length;
    }

    public boolean isEmpty() {
        return records == 0;
    }

    /** The pack's size if it were made now. */
    public int size() {
        return bytes + arrayHeaderLength(records);
    }

    /** Takes out the summary added last (once): the pack is as it was before. */
    public void removeLast() {
        if (lastSeries == null) {
            throw new IllegalStateException("nothing to take out");
        }
        List<byte[]> chunks = series.get(lastSeries);
        byte[] chunk = chunks.remove(chunks.size() - 1);
        if (chunks.isEmpty()) {
            series.remove(lastSeries);
        }
        records -= lastRecords;
        bytes -= chunk.length;
        lastSeries = null;
    }

    /** Forgets every record. */
    public void clear() {
        series.clear();
        records = 0;
        bytes = 0;
        lastSeries = null;
    }

    /** The pack: one CBOR array of every record; then it starts empty again. */
    public byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size());
        writeArrayHeader(out, records);
        for (List<byte[]> chunks : series.values()) {
            for (byte[] c : chunks) {
                out.writeBytes(c);
            }
        }
        clear();
        return out.toByteArray();
    }

    /** A summary's records; the base fields go on its first. Returns how many records it wrote. */
    private static int writeRecords(JsonGenerator g, UplinkMessage summary, Instant end, String baseName,
                                    String quantity) throws IOException {
        double resolution = Resolutions.of(quantity);
        Object unit = summary.fields().get("unit");
        int written = 0;
        for (Map.Entry<String, Object> f : summary.fields().entrySet()) {
            String key = f.getKey();
            Object value = f.getValue();
            if (key.equals("sourceId") || key.equals("quantity") || key.equals("unit") || key.equals("end")
                    || value == null) {
                continue;
            }
            boolean head = written == 0;
            String ownUnit = null;
            String label = key;
            if (key.equals("start") && value instanceof Instant start) {
                label = "span";
                value = seconds(Duration.between(start, end));
                ownUnit = SECONDS;
            } else if (value instanceof Instant at) {
                value = seconds(Duration.between(Instant.EPOCH, at));
                ownUnit = SECONDS;
            } else if (key.equals("count")) {
                ownUnit = COUNT_UNIT;
            }
            boolean names = head && baseName != null;
            int size = 2 + (ownUnit == null ? 0 : 1) + (head ? 1 : 0) + (names ? 1 : 0)
                    + (names && unit instanceof String ? 1 : 0);
            g.writeStartObject(null, size);
            if (head) {
                if (names) {
                    g.writeFieldId(SenmlLabel.BN.cbor);
                    g.writeString(baseName);
                    if (unit instanceof String u) {
                        g.writeFieldId(SenmlLabel.BU.cbor);
                        g.writeString(u);
                    }
                }
                g.writeFieldId(SenmlLabel.BT.cbor);
                writeExact(g, seconds(Duration.between(Instant.EPOCH, end)));
            }
            g.writeFieldId(SenmlLabel.N.cbor);
            g.writeString(label);
            if (ownUnit != null) {
                g.writeFieldId(SenmlLabel.U.cbor);
                g.writeString(ownUnit);
            }
            writeValue(g, value, ownUnit == null ? resolution : 0, ownUnit != null);
            g.writeEndObject();
            written++;
        }
        return written;
    }

    private static void writeValue(JsonGenerator g, Object value, double resolution, boolean exact)
            throws IOException {
        if (value instanceof Boolean b) {
            g.writeFieldId(SenmlLabel.VB.cbor);
            g.writeBoolean(b);
        } else if (value instanceof Number number) {
            g.writeFieldId(SenmlLabel.V.cbor);
            if (value instanceof Long || value instanceof Integer) {
                g.writeNumber(number.longValue());
            } else if (exact) {
                writeExact(g, number.doubleValue());
            } else {
                writeNumber(g, number.doubleValue(), resolution);
            }
        } else {
            g.writeFieldId(SenmlLabel.VS.cbor);
            g.writeString(value.toString());
        }
    }

    /** Whole seconds as an integer, otherwise with their fraction. */
    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /**
     * A value kept to its resolution, exactly: an integer when it is whole, else a decimal fraction (CBOR tag 4,
     * RFC 8949 section 3.4.4), which RFC 8428 section 6 allows for SenML numbers. A decimal's mantissa is a small
     * integer (18.43 is 1843 x 10^-2), so packs of similar values compress well, and a decoder sees the value as
     * the sensor's resolution states it, without a binary float's noise. Not finite: a 64-bit float.
     */
    static void writeNumber(JsonGenerator g, double v, double resolution) throws IOException {
        if (!Double.isFinite(v)) {
            g.writeNumber(v);
            return;
        }
        writeDecimal(g, Resolutions.round(v, resolution));
    }

    /** A time or duration in seconds: exactly as given. */
    static void writeExact(JsonGenerator g, double v) throws IOException {
        writeDecimal(g, BigDecimal.valueOf(v));
    }

    private static void writeDecimal(JsonGenerator g, BigDecimal d) throws IOException {
        BigDecimal x = d.stripTrailingZeros();
        if (x.scale() <= 0 && x.abs().compareTo(LARGEST_LONG) <= 0) {
            g.writeNumber(x.longValueExact());
        } else {
            g.writeNumber(x);
        }
    }

    /** RFC 8949 section 3.1, major type 4 (array) with a definite length. */
    private static void writeArrayHeader(ByteArrayOutputStream out, int n) {
        if (n < 24) {
            out.write(0x80 | n);
        } else if (n < 0x100) {
            out.write(0x98);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x99);
            out.write(n >>> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x9a);
            out.write(n >>> 24);
            out.write((n >>> 16) & 0xff);
            out.write((n >>> 8) & 0xff);
            out.write(n & 0xff);
        }
    }

    private static int arrayHeaderLength(int n) {
        return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
    }
}
