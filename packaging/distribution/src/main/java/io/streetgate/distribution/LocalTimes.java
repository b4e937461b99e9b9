package io.streetgate.distribution;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway answers in UTC to the nanosecond (ISO-8601); a person at the pole reads local time to the second.
 * Every UTC time in a text is rewritten as {@code 2026-06-21 23:30:00 CEST}.
 */
final class LocalTimes {

    private static final Pattern UTC = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(?::\\d\\d(?:\\.\\d{1,9})?)?Z");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz");

    private LocalTimes() {
    }

    static String of(String text, ZoneId zone) {
        Matcher m = UTC.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String local;
            try {
                local = LOCAL.format(Instant.parse(m.group()).atZone(zone));
            } catch (DateTimeParseException e) {
                local = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(local));
        }
        m.appendTail(out);
        return out.toString();
    }
}
