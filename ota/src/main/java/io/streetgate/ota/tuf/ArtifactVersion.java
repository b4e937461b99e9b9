package io.streetgate.ota.tuf;

import java.util.ArrayList;
import java.util.List;

/**
 * A dotted numeric version with an optional pre-release tag ({@code 1.4.0}, {@code 2.0.0-rc.1}), ordered as
 * Semantic Versioning 2.0.0 section 11 orders them (a pre-release sorts before its release).
 */
public record ArtifactVersion(List<Long> numbers, String preRelease) implements Comparable<ArtifactVersion> {
    public ArtifactVersion {
        numbers = List.copyOf(numbers);
    }

    public static ArtifactVersion parse(String s) {
        if (s == null || !s.matches("\\d+(\\.\\d+)*(-[0-9A-Za-z.-]+)?")) {
            throw new TufException(TufException.Reason.FORMAT, "version \"" + s + "\" is not of the form 1.4.0 or 1.4.0-rc.1");
        }
        int dash = s.indexOf('-');
        String main = dash < 0 ? s : s.substring(0, dash);
        List<Long> n = new ArrayList<>();
        for (String p : main.split("\\.")) {
            n.add(Long.parseLong(p));
        }
        return new ArtifactVersion(n, dash < 0 ? null : s.substring(dash + 1));
    }

    @Override
    public int compareTo(ArtifactVersion o) {
        for (int i = 0; i < Math.max(numbers.size(), o.numbers.size()); i++) {
            long a = i < numbers.size() ? numbers.get(i) : 0;
            long b = i < o.numbers.size() ? o.numbers.get(i) : 0;
            if (a != b) {
                return Long.compare(a, b);
            }
        }
        if (preRelease == null || o.preRelease == null) {
            return preRelease == null ? (o.preRelease == null ? 0 : 1) : -1;
        }
        String[] x = preRelease.split("\\.");
        String[] y = o.preRelease.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = x[i].matches("\\d+");
            boolean yn = y[i].matches("\\d+");
            int c = xn && yn ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i]))
                    : xn ? -1 : yn ? 1 : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    public boolean isOlderThan(ArtifactVersion o) {
        return compareTo(o) < 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < numbers.size(); i++) {
            b.append(i == 0 ? "" : ".").append(numbers.get(i));
        }
        return preRelease == null ? b.toString() : b + "-" + preRelease;
    }
}
