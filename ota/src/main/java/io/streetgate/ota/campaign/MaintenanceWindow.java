package io.streetgate.ota.campaign;

import io.streetgate.ota.tuf.TufException;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/** A daily window in local time ("01:00-05:00", Europe/Berlin); an end before the start wraps past midnight. */
public record MaintenanceWindow(LocalTime start, LocalTime end, ZoneId zone) {
    public static final MaintenanceWindow ALWAYS = new MaintenanceWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, ZoneId.of("UTC"));

    public static MaintenanceWindow parse(String s, String zone) {
        String[] p = s.split("-");
        try {
            return new MaintenanceWindow(LocalTime.parse(p[0].trim()), LocalTime.parse(p[1].trim()), ZoneId.of(zone));
        } catch (RuntimeException e) {
            throw new TufException(TufException.Reason.CONFIG, "maintenance window \"" + s + "\" in zone \"" + zone
                    + "\" is not valid; write e.g. --window 01:00-05:00 --zone Europe/Berlin");
        }
    }

    public boolean contains(Instant t) {
        if (start.equals(end)) {
            return true;
        }
        LocalTime local = t.atZone(zone).toLocalTime();
        return start.isBefore(end) ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    @Override
    public String toString() {
        return start.equals(end) ? "always" : start + "-" + end + " " + zone;
    }
}
