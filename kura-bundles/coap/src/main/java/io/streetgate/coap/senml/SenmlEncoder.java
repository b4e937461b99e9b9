package io.streetgate.coap.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.streetgate.gateway.api.format.SenmlLabel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Writes resolved records as a SenML pack: JSON with the labels' names, CBOR with their integer labels (RFC
 * 8428 sections 5 and 6). Times are absolute seconds since the epoch. Thread-safe.
 */
public final class SenmlEncoder {

    private final JsonFactory json = new JsonFactory();
    private final CBORFactory cbor = new CBORFactory();

    /**
     * Encodes records; when {@code baseName} is not empty it is written once as {@code bn} and left out of the
     * names that start with it.
     */
    public byte[] encode(String baseName, List<SenmlRecord> records, SenmlFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * records.size());
        try (JsonGenerator g = (format == SenmlFormat.CBOR ? cbor : json).createGenerator(out)) {
            // definite lengths: simple CBOR decoders on nodes need not handle indefinite ones
            g.writeStartArray(records, records.size());
            boolean first = true;
            for (SenmlRecord record : records) {
                String name = record.name();
                boolean base = baseName != null && !baseName.isEmpty() && name.startsWith(baseName);
                if (base) {
                    name = name.substring(baseName.length());
                }
                int fields = (base && first ? 1 : 0) + (name.isEmpty() ? 0 : 1) + (record.unit() == null ? 0 : 1)
                        + (record.value() == null ? 0 : 1) + (record.sum() == null ? 0 : 1) + 1;
                g.writeStartObject(record, fields);
                if (base) {
                    if (first) {
                        label(g, format, SenmlLabel.BN);
                        g.writeString(baseName);
                    }
                }
                if (!name.isEmpty()) {
                    label(g, format, SenmlLabel.N);
                    g.writeString(name);
                }
                if (record.unit() != null) {
                    label(g, format, SenmlLabel.U);
                    g.writeString(record.unit());
                }
                writeValue(g, format, record.value());
                if (record.sum() != null) {
                    label(g, format, SenmlLabel.S);
                    g.writeNumber(record.sum());
                }
                label(g, format, SenmlLabel.T);
                writeTime(g, record.time());
                g.writeEndObject();
                first = false;
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, SenmlFormat format, SenmlValue value) throws IOException {
        if (value instanceof SenmlValue.Number n) {
            label(g, format, SenmlLabel.V);
            g.writeNumber(n.value());
        } else if (value instanceof SenmlValue.Text t) {
            label(g, format, SenmlLabel.VS);
            g.writeString(t.value());
        } else if (value instanceof SenmlValue.Bool b) {
            label(g, format, SenmlLabel.VB);
            g.writeBoolean(b.value());
        } else if (value instanceof SenmlValue.Data d) {
            label(g, format, SenmlLabel.VD);
            if (format == SenmlFormat.CBOR) {
                g.writeBinary(d.value());
            } else {
                g.writeString(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(d.value()));
            }
        }
    }

    /** Whole seconds as an integer, otherwise seconds with their fraction. */
    private static void writeTime(JsonGenerator g, Instant time) throws IOException {
        if (time.getNano() == 0) {
            g.writeNumber(time.getEpochSecond());
        } else {
            g.writeNumber(time.getEpochSecond() + time.getNano() / 1e9);
        }
    }

    private static void label(JsonGenerator g, SenmlFormat format, SenmlLabel label) throws IOException {
        if (format == SenmlFormat.CBOR) {
            g.writeFieldId(label.cbor);
        } else {
            g.writeFieldName(label.json);
        }
    }
}
