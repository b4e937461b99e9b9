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

/**
 * The last stage before the uplink: keeps only the fields on the output's allow-list. A record whose kind
 * has no allow-list does not leave; a field that is null (suppressed), an array (raw data) or on
 * {@link PrivacyConfig#NEVER_ALLOWED} never leaves even if it were listed. Per-sensor summaries of presence
 * and motion counts never leave either: a one-minute count from one PIR is a small occupancy count, and
 * occupancy leaves only as the k-suppressed {@code occupancy} records (DESIGN.md principle 8). Counts what
 * it withheld. Not thread-safe.
 */
public final class PrivacyGate {

    private final PrivacyConfig config;
    private long recordsWithheld;
    private long fieldsWithheld;

    public PrivacyGate(PrivacyConfig config) {
        this.config = config;
    }

    /** The record's allowed fields, or empty when nothing of it may leave. */
    public Optional<UplinkMessage> filter(AnalyticsRecord record) {
        if (record instanceof Summary s && isOccupancyCount(s.quantity())) {
            recordsWithheld++;
            fieldsWithheld += record.fields().size();
            return Optional.empty();
        }
        Set<String> allowed = config.allowed(record.kind());
        Map<String, Object> fields = record.fields();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            Object value = field.getValue();
            if (allowed.contains(field.getKey()) && value != null && !value.getClass().isArray()
                    && !PrivacyConfig.isNeverAllowed(field.getKey())) {
                out.put(field.getKey(), value);
            }
        }
        fieldsWithheld += fields.size() - out.size();
        if (out.isEmpty()) {
            recordsWithheld++;
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

    /** Whether summaries of this quantity would reveal individual people: presence and motion counts. */
    public static boolean isOccupancyCount(Quantity quantity) {
        return quantity == Quantity.PRESENCE || quantity == Quantity.MOTION_EVENTS;
    }

    /** Records that had no allowed field and did not leave. */
    public long recordsWithheld() {
        return recordsWithheld;
    }

    /** Fields removed from records that did leave or were withheld. */
    public long fieldsWithheld() {
        return fieldsWithheld;
    }
}
