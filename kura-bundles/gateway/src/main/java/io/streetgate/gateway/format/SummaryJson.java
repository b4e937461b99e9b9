package io.streetgate.gateway.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.streetgate.analytics.Summary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A summary as JSON, the form documented in docs/mqtt.md:
 * <pre>{"node":"pole-0042","source":"env-1","quantity":"temperature","unit":"Cel",
 *  "start":"2026-06-21T19:30:00Z","end":"2026-06-21T19:31:00Z","count":6,"min":18.2,"mean":18.4,"max":18.9}</pre>
 */
public final class SummaryJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private SummaryJson() {
    }

    public static byte[] encode(String node, Summary s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("node", node);
            g.writeStringField("source", s.sourceId());
            g.writeStringField("quantity", s.quantity().name());
            g.writeStringField("unit", s.unit().senml());
            g.writeStringField("start", s.start().toString());
            g.writeStringField("end", s.end().toString());
            g.writeNumberField("count", s.count());
            g.writeNumberField("min", s.min());
            g.writeNumberField("mean", s.mean());
            g.writeNumberField("max", s.max());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The local broker topic of a summary: {@code streetgate/<node>/summary/<source>/<quantity>}. */
    public static String topic(String node, Summary s) {
        return "streetgate/" + node + "/summary/" + s.sourceId() + "/" + s.quantity().name();
    }
}
