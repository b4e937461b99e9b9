package io.streetgate.site;

/**
 * One thing wrong in a site file.
 *
 * @param source  the file name
 * @param line    1-based line, 0 when unknown
 * @param path    the key, dotted from the top (e.g. {@code sensors.env-1.period})
 * @param value   the bad value as written; null when the key is missing
 * @param message what is wrong and what would be valid
 */
public record Problem(String source, int line, String path, String value, String message) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(source);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ").append(path).append(": ");
        if (value != null) {
            sb.append('\'').append(value).append("' ");
        }
        return sb.append(message).toString();
    }
}
