package io.streetgate.coap.senml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.streetgate.gateway.api.format.SenmlLabel;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Decodes a SenML pack (RFC 8428) into resolved records, strictly and within {@link SenmlLimits}. A pack is
 * accepted whole or refused whole: any broken record refuses the pack with a message naming it.
 *
 * <p>Both representations are read with Jackson's streaming parsers (jackson-core for JSON,
 * jackson-dataformat-cbor for CBOR) rather than a decoder of our own: the CBOR parser already handles every
 * CBOR encoding a node may choose (indefinite lengths, half floats, tags, integer map keys, which it reports
 * as their decimal text), it enforces nesting and length constraints, both are OSGi bundles, and one token
 * loop then serves both representations. Thread-safe.
 */
public final class SenmlDecoder {

    /** RFC 8428 section 4.5.3: a time below 2^28 seconds is relative to now. */
    static final double RELATIVE_TIME_LIMIT = 268_435_456d;
    /** RFC 8428 section 4.4: the version this decoder implements; a higher bver must be refused. */
    static final int SENML_VERSION = 10;
    /**
     * RFC 8428 section 4.5.1: names consist of A-Z, a-z, 0-9, '-', ':', '.', '/' and '_', and start with a
     * letter or digit.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-:./_]*");

    private final SenmlLimits limits;
    private final JsonFactory json;
    private final CBORFactory cbor;

    public SenmlDecoder(SenmlLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxNumberLength(64)
                .maxStringLength(limits.maxPayloadBytes())
                .maxDocumentLength(limits.maxPayloadBytes())
                .build();
        this.json = JsonFactory.builder().streamReadConstraints(constraints).build();
        this.cbor = CBORFactory.builder().streamReadConstraints(constraints).build();
    }

    public SenmlLimits limits() {
        return limits;
    }

    /**
     * Decodes and resolves a pack.
     *
     * @param payload the message body
     * @param format  its representation
     * @param now     the gateway's time, for relative times and the time window
     * @throws SenmlException naming the record and field that broke which rule
     */
    public List<SenmlRecord> decode(byte[] payload, SenmlFormat format, Instant now) throws SenmlException {
        if (payload.length > limits.maxPayloadBytes()) {
            throw new SenmlException(SenmlException.Reason.TOO_LARGE, "payload of " + payload.length
                    + " bytes is larger than the limit of " + limits.maxPayloadBytes() + " bytes");
        }
        if (payload.length == 0) {
            throw malformed("empty payload: a SenML pack is an array of records (RFC 8428 section 4)");
        }
        JsonFactory factory = format == SenmlFormat.CBOR ? cbor : json;
        List<Map<SenmlLabel, Object>> raw;
        try (JsonParser parser = factory.createParser(payload)) {
            raw = readPack(parser, format);
        } catch (JsonProcessingException e) {
            throw malformed("not valid SenML " + format + " at byte " + offset(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw malformed("not valid SenML " + format + ": " + e.getMessage());
        }
        return resolve(raw, now);
    }

    private static long offset(JsonProcessingException e) {
        return e.getLocation() == null ? -1 : Math.max(e.getLocation().getByteOffset(),
                e.getLocation().getCharOffset());
    }

    private List<Map<SenmlLabel, Object>> readPack(JsonParser parser, SenmlFormat format)
            throws IOException, SenmlException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw malformed("a SenML pack must be an array of records (RFC 8428 section 4), found "
                    + describe(parser.currentToken()));
        }
        List<Map<SenmlLabel, Object>> records = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw malformed("record " + (records.size() + 1) + " must be a map of labels to values, found "
                        + describe(token));
            }
            if (records.size() == limits.maxRecords()) {
                throw new SenmlException(SenmlException.Reason.TOO_LARGE, "the pack has more than "
                        + limits.maxRecords() + " records, the limit");
            }
            records.add(readRecord(parser, records.size() + 1, format));
        }
        if (parser.nextToken() != null) {
            throw malformed("unexpected data after the end of the pack");
        }
        if (records.isEmpty()) {
            throw malformed("the pack has no records");
        }
        return records;
    }

    private Map<SenmlLabel, Object> readRecord(JsonParser parser, int index, SenmlFormat format)
            throws IOException, SenmlException {
        Map<SenmlLabel, Object> fields = new EnumMap<>(SenmlLabel.class);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            SenmlLabel label = SenmlLabel.of(key, format == SenmlFormat.CBOR);
            JsonToken valueToken = parser.nextToken();
            if (label == null) {
                // RFC 8428 section 4.4: labels ending in '_' must be understood; others may be ignored
                if (key.endsWith("_")) {
                    throw malformed("record " + index + " has the must-understand label '" + key
                            + "', which this gateway does not implement (RFC 8428 section 4.4)");
                }
                parser.skipChildren();
                continue;
            }
            if (fields.containsKey(label)) {
                throw malformed("record " + index + " has the label '" + label.json + "' twice");
            }
            fields.put(label, readValue(parser, valueToken, label, index));
        }
        return fields;
    }

    private Object readValue(JsonParser parser, JsonToken token, SenmlLabel label, int index)
            throws IOException, SenmlException {
        switch (label.type) {
            case STRING -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw wrongType(index, label, "a string", token);
                }
                String text = parser.getText();
                if (!isUnicodeText(text)) {
                    throw malformed("record " + index + ": '" + label.json + "' is not valid UTF-8 text; SenML "
                            + "strings are UTF-8 (RFC 8428 section 4.5.4, RFC 8949 section 3.1)");
                }
                if (text.length() > limits.maxNameLength() && label != SenmlLabel.VS) {
                    throw malformed("record " + index + ": '" + label.json + "' is " + text.length()
                            + " characters long, more than the limit of " + limits.maxNameLength());
                }
                return text;
            }
            case NUMBER -> {
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw wrongType(index, label, "a number", token);
                }
                double value = parser.getDoubleValue();
                if (!Double.isFinite(value)) {
                    throw malformed("record " + index + ": '" + label.json + "' is " + value
                            + "; SenML numbers must be finite");
                }
                return value;
            }
            case INTEGER -> {
                if (token != JsonToken.VALUE_NUMBER_INT) {
                    throw wrongType(index, label, "an integer", token);
                }
                return parser.getLongValue();
            }
            case BOOLEAN -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw wrongType(index, label, "true or false", token);
                }
                return token == JsonToken.VALUE_TRUE;
            }
            case DATA -> {
                // RFC 8428 section 5: base64url without padding in JSON; section 6: a byte string in CBOR
                if (token == JsonToken.VALUE_EMBEDDED_OBJECT && parser.getEmbeddedObject() instanceof byte[] b) {
                    return b;
                }
                if (token == JsonToken.VALUE_STRING) {
                    try {
                        return Base64.getUrlDecoder().decode(parser.getText());
                    } catch (IllegalArgumentException e) {
                        throw malformed("record " + index + ": 'vd' is not base64url (RFC 4648 section 5): "
                                + e.getMessage());
                    }
                }
                throw wrongType(index, label, "data (base64url text or a byte string)", token);
            }
            default -> throw new IllegalStateException(label.type.toString());
        }
    }

    /**
     * Whether a string holds only whole Unicode characters. The CBOR parser turns malformed UTF-8 into unpaired
     * surrogates rather than failing, and a JSON string may escape a lone surrogate; such a string cannot be
     * written again as UTF-8 (the JSON uplink, logs).
     */
    static boolean isUnicodeText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private List<SenmlRecord> resolve(List<Map<SenmlLabel, Object>> raw, Instant now) throws SenmlException {
        String baseName = "";
        double baseTime = 0;
        String baseUnit = null;
        double baseValue = 0;
        double baseSum = 0;
        Instant earliest = now.minus(limits.maxAge());
        Instant latest = now.plus(limits.maxAhead());
        List<SenmlRecord> records = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Map<SenmlLabel, Object> f = raw.get(i);
            int index = i + 1;
            // RFC 8428 section 4.1: base fields apply to their record and to every later one until replaced
            if (f.containsKey(SenmlLabel.BVER) && (long) f.get(SenmlLabel.BVER) > SENML_VERSION) {
                throw malformed("record " + index + " uses SenML version " + f.get(SenmlLabel.BVER)
                        + "; this gateway implements version " + SENML_VERSION + " (RFC 8428 section 4.4)");
            }
            baseName = (String) f.getOrDefault(SenmlLabel.BN, baseName);
            baseTime = (double) f.getOrDefault(SenmlLabel.BT, baseTime);
            baseUnit = (String) f.getOrDefault(SenmlLabel.BU, baseUnit);
            baseValue = (double) f.getOrDefault(SenmlLabel.BV, baseValue);
            baseSum = (double) f.getOrDefault(SenmlLabel.BS, baseSum);

            String name = baseName + f.getOrDefault(SenmlLabel.N, "");
            if (name.isEmpty()) {
                throw malformed("record " + index + " has no name: neither a base name nor a name "
                        + "(RFC 8428 section 4.6)");
            }
            if (name.length() > limits.maxNameLength()) {
                throw malformed("record " + index + ": the name '" + name.substring(0, Math.min(32, name.length())) + "...' is "
                        + name.length() + " characters long, more than the limit of " + limits.maxNameLength());
            }
            if (!NAME.matcher(name).matches()) {
                throw malformed("record " + index + ": the name '" + name + "' is not a valid SenML name: "
                        + "use A-Z, a-z, 0-9, '-', ':', '.', '/', '_' and start with a letter or digit "
                        + "(RFC 8428 section 4.5.1)");
            }
            String unit = (String) f.getOrDefault(SenmlLabel.U, baseUnit);

            SenmlValue value = null;
            int values = 0;
            if (f.containsKey(SenmlLabel.V)) {
                double v = baseValue + (double) f.get(SenmlLabel.V);
                if (!Double.isFinite(v)) {
                    throw malformed("record " + index + ": base value + value is not finite");
                }
                value = new SenmlValue.Number(v);
                values++;
            }
            if (f.containsKey(SenmlLabel.VS)) {
                value = new SenmlValue.Text((String) f.get(SenmlLabel.VS));
                values++;
            }
            if (f.containsKey(SenmlLabel.VB)) {
                value = new SenmlValue.Bool((boolean) f.get(SenmlLabel.VB));
                values++;
            }
            if (f.containsKey(SenmlLabel.VD)) {
                value = new SenmlValue.Data((byte[]) f.get(SenmlLabel.VD));
                values++;
            }
            Double sum = f.containsKey(SenmlLabel.S) ? baseSum + (double) f.get(SenmlLabel.S) : null;
            if (sum != null && !Double.isFinite(sum)) {
                throw malformed("record " + index + ": base sum + sum is not finite");
            }
            // RFC 8428 section 4.6: a resolved record has exactly one value field, or none if it has a sum
            if (values > 1) {
                throw malformed("record " + index + " ('" + name + "') has " + values
                        + " value fields; a record carries one of v, vs, vb, vd (RFC 8428 section 4.6)");
            }
            if (values == 0 && sum == null) {
                throw malformed("record " + index + " ('" + name + "') has no value: give one of v, vs, vb, vd "
                        + "or a sum s (RFC 8428 section 4.6)");
            }

            double seconds = baseTime + (double) f.getOrDefault(SenmlLabel.T, 0d);
            if (!withinWindow(seconds, now, earliest, latest)) {
                // far outside (t: 1e300) it is no instant at all: name the fields instead of the time
                throw malformed("record " + index + " ('" + name + "'): " + timeFields(f, baseTime) + " = " + seconds
                        + " s is outside the accepted window " + earliest + " .. " + latest
                        + " (is the node's clock set?)");
            }
            Instant time = time(seconds, now);
            if (time.isBefore(earliest) || time.isAfter(latest)) {
                throw malformed("record " + index + " ('" + name + "') is timed " + time + ", outside the accepted "
                        + "window " + earliest + " .. " + latest + " (is the node's clock set?)");
            }
            records.add(new SenmlRecord(name, unit, time, value, sum));
        }
        return records;
    }

    /**
     * Whether a SenML time lies within a day of the window, checked on the number itself: an Instant cannot hold
     * every double (1e300 s overflows it), and the exact check follows on the Instant.
     */
    private static boolean withinWindow(double seconds, Instant now, Instant earliest, Instant latest) {
        double absolute = seconds < RELATIVE_TIME_LIMIT ? now.getEpochSecond() + seconds : seconds;
        return absolute >= earliest.getEpochSecond() - 86_400d && absolute <= latest.getEpochSecond() + 86_400d;
    }

    /** The labels that made a record's time. */
    private static String timeFields(Map<SenmlLabel, Object> fields, double baseTime) {
        boolean t = fields.containsKey(SenmlLabel.T);
        return t && baseTime != 0 ? "'bt' + 't'" : t ? "'t'" : "'bt'";
    }

    /**
     * RFC 8428 section 4.5.3: seconds since the epoch, or relative to now below 2^28 (negative: the past),
     * kept to the microsecond.
     */
    static Instant time(double seconds, Instant now) {
        Instant base = seconds < RELATIVE_TIME_LIMIT ? now : Instant.EPOCH;
        long whole = (long) Math.floor(seconds);
        // to the microsecond: a double holds about 16 digits, of which an epoch time uses 10 before the point
        long micros = Math.round((seconds - whole) * 1e6);
        return base.plusSeconds(whole).plusNanos(micros * 1000);
    }

    private static SenmlException wrongType(int index, SenmlLabel label, String expected, JsonToken found) {
        return malformed("record " + index + ": '" + label.json + "' must be " + expected + ", found "
                + describe(found));
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the payload";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "a map";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_EMBEDDED_OBJECT -> "binary data";
            default -> token.toString();
        };
    }

    private static SenmlException malformed(String message) {
        return new SenmlException(SenmlException.Reason.MALFORMED, message);
    }
}
