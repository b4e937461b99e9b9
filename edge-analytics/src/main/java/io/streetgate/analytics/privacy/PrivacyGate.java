package io.streetgate.analytics.privacy;

import io.streetgate.analytics.AnalyticsRecord;
import io.streetgate.analytics.Summary;
import io.streetgate.driver.Quantity;

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

    // IPv4 with an optional port, and IPv6 in brackets or bare (with "::" or at least five groups, so that a
    // time such as 19:30:00 is left alone); InetSocketAddress writes a leading '/'
    private static final Pattern ADDRESSES = Pattern.compile(
            "/?(?<![\\w.])(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d{1,5})?(?![\\w.])"
                    + "|/?\\[[0-9A-Fa-f.%\\w]*:[0-9A-Fa-f:.%\\w]*](?::\\d{1,5})?"
                    + "|/?(?<![\\w:.])(?=[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4})*::|(?:[0-9A-Fa-f]{1,4}:){4})"
                    + "[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:%\\w+)?(?![\\w:])");

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
                Object value = field.getValue();
                out.put(field.getKey(), value instanceof String text && TEXTS.contains(field.getKey())
                        ? withoutAddresses(text) : value);
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
     * A message that passed a gate before the uplink's store kept it, read back. Its kind's allow-list is the
     * site's and not known here, so what holds for every output is applied again: an array or a field that never
     * leaves is left out (a row stored by an older version may have one); a null, which carries nothing, is kept
     * as the store wrote it. Only the uplink's store calls this in the product (a test holds it to that).
     */
    public static UplinkMessage readBack(String kind, String sourceId, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (value == null || mayLeave(name, value)) {
                out.put(name, value);
            }
        });
        return new UplinkMessage(kind, sourceId, out);
    }

    /** A text with every IPv4 or IPv6 address (and its port) in it replaced by {@value #ADDRESS}. */
    public static String withoutAddresses(String text) {
        return text.indexOf('.') < 0 && text.indexOf(':') < 0 ? text : ADDRESSES.matcher(text).replaceAll(ADDRESS);
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
