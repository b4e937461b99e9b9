package io.streetgate.analytics.privacy;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Summary;
import io.streetgate.driver.Quantity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The only door out of the node: keeps only the fields on the output's allow-list. A record whose kind has no
 * allow-list does not leave; a field that is null (suppressed), an array (raw data) or on
 * {@link PrivacyConfig#NEVER_ALLOWED} never leaves even if it were listed; a network address inside a
 * free text that does leave ({@link #TEXTS}: a health or refusal reason, a detail) is replaced by
 * {@value #ADDRESS}. Per-sensor summaries of presence and motion counts never
 * leave either: a one-minute count from one PIR is a small occupancy count, and occupancy leaves only as the
 * k-suppressed {@code occupancy} records (DESIGN.md principle 8). Counts what it withheld. Thread-safe.
 */
public final class PrivacyGate {

    /** What stands in for a network address in a text that leaves. */
    public static final String ADDRESS = "<address>";

    // IPv4 (an address ends before a word character or a dot followed by a digit, so a sentence's full stop is
    // no part of it), and IPv6 in brackets or bare (with "::" or at least five groups, so that a time such as
    // 19:30:00 is left alone; an embedded IPv4 tail included), each with an optional port and the host name
    // InetSocketAddress prints before a '/'. Possessive quantifiers: no backtracking, whatever the text
    private static final String HOST = "(?:[A-Za-z0-9-]++(?:\\.[A-Za-z0-9-]++){0,16}+/)?+";
    private static final String IPV4 = "(?:\\d{1,3}+\\.){3}+\\d{1,3}+";
    private static final String HEX = "[0-9A-Fa-f]";
    private static final Pattern ADDRESSES = Pattern.compile(
            HOST + "/?+(?<![\\w.:])" + IPV4 + "(?::\\d{1,5}+)?+(?!\\w|\\.\\d)"
                    + "|" + HOST + "/?+\\[[0-9A-Fa-f.%\\w]{0,64}+:[0-9A-Fa-f:.%\\w]{0,64}+](?::\\d{1,5}+)?+"
                    + "|" + HOST + "/?+(?<![\\w:.])(?=" + HEX + "{0,4}+(?::" + HEX + "{1,4}+){0,7}+::|(?:" + HEX
                    + "{1,4}+:){4})" + HEX + "{0,4}+(?::" + HEX + "{0,4}+){2,8}+(?:(?:\\.\\d{1,3}+){3})?+(?:%\\w{1,16}+)?+"
                    + "(?![\\w:])");
    /** Longer texts are cut to this before they leave: a reason is a sentence, not a dump. */
    static final int MAX_TEXT = 1000;

    /** The fields that hold a text the node wrote, which may quote a peer's address. */
    public static final Set<String> TEXTS = Set.of("reason", "detail");

    private final PrivacyConfig config;
    private final AtomicLong recordsWithheld = new AtomicLong();
    private final AtomicLong fieldsWithheld = new AtomicLong();

    public PrivacyGate(PrivacyConfig config) {
        this.config = config;
    }

    /** The record's allowed fields, or empty when nothing of it may leave. */
    public Optional<UplinkMessage> filter(AnalyticsRecord record) {
        Map<String, Object> fields = record.fields();
        if (record instanceof Summary s && isOccupancyCount(s.quantity())) {
            recordsWithheld.incrementAndGet();
            fieldsWithheld.addAndGet(fields.size());
            return Optional.empty();
        }
        Set<String> allowed = config.allowed(record.kind());
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (allowed.contains(field.getKey()) && mayLeave(field.getKey(), field.getValue())) {
                out.put(field.getKey(), leaving(field.getKey(), field.getValue()));
            }
        }
        fieldsWithheld.addAndGet(fields.size() - out.size());
        if (out.isEmpty()) {
            recordsWithheld.incrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new UplinkMessage(record.kind(), record.sourceId(), out));
    }

    public List<UplinkMessage> filter(Collection<? extends AnalyticsRecord> records) {
        List<UplinkMessage> out = new ArrayList<>(records.size());
        for (AnalyticsRecord r : records) {
            filter(r).ifPresent(out::add);
        }
        return out;
    }

    /**
     * A message that passed the gate with every time stamp moved by {@code jump} and nothing else changed: a record
     * held while the node's clock could not be believed, sent once it can (the gateway's outbound gate).
     */
    public static UplinkMessage restamped(UplinkMessage message, Duration jump) {
        Map<String, Object> fields = new LinkedHashMap<>();
        message.fields().forEach((k, v) -> fields.put(k, v instanceof Instant t ? t.plus(jump) : v));
        return new UplinkMessage(message.kind(), message.sourceId(), fields);
    }

    /**
     * A message that passed a gate before the uplink's store kept it, read back. Its kind's allow-list is the
     * site's and not known here, so what holds for every output is applied again: an array or a field that never
     * leaves is left out (a row stored by an older version may have one), the node's own outputs keep only the
     * fields of {@link NodeOutputs}, and addresses in texts are replaced; a null, which carries nothing, is kept
     * as the store wrote it. Only the uplink's store calls this in the product (a test holds it to that).
     */
    public static UplinkMessage readBack(String kind, String sourceId, Map<String, Object> fields) {
        Set<String> node = NodeOutputs.isNodeOutput(kind) ? NodeOutputs.ALLOW.allowed(kind) : null;
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value == null || (mayLeave(name, value) && (node == null || node.contains(name)))) {
                out.put(name, leaving(name, value));
            }
        });
        return new UplinkMessage(kind, sourceId, out);
    }

    /**
     * A text with every IPv4 or IPv6 address (with its port, and the host name before it) replaced by
     * {@value #ADDRESS}, cut to {@value #MAX_TEXT} characters.
     */
    public static String withoutAddresses(String text) {
        String t = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "\u2026" : text;
        return t.indexOf('.') < 0 && t.indexOf(':') < 0 ? t : ADDRESSES.matcher(t).replaceAll(ADDRESS);
    }

    /** A field's value as it leaves: a free text without addresses, anything else as it is. */
    private static Object leaving(String name, Object value) {
        return value instanceof String text && TEXTS.contains(name) ? withoutAddresses(text) : value;
    }

    private static boolean mayLeave(String name, Object value) {
        return value != null && !value.getClass().isArray() && !PrivacyConfig.isNeverAllowed(name);
    }

    /** Whether summaries of this quantity would reveal individual people: presence and motion counts. */
    public static boolean isOccupancyCount(Quantity quantity) {
        return quantity == Quantity.PRESENCE || quantity == Quantity.MOTION_EVENTS;
    }

    /** Records that had no allowed field and did not leave. */
    public long recordsWithheld() {
        return recordsWithheld.get();
    }

    /** Fields removed from records that did leave or were withheld. */
    public long fieldsWithheld() {
        return fieldsWithheld.get();
    }
}
