package io.streetgate.flash;

import io.streetgate.flash.image.BlockMap;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end of a run: one line per card (text) or one object per card (JSON), and the totals. */
final class Report {
    private final Path image;
    private final BlockMap map;
    private final Instant started;
    private final Instant finished;
    private final double seconds;
    private final List<CardResult> cards;

    Report(Path image, BlockMap map, Instant started, Instant finished, double seconds, List<CardResult> cards) {
        this.image = image;
        this.map = map;
        this.started = started;
        this.finished = finished;
        this.seconds = seconds;
        this.cards = List.copyOf(cards);
    }

    boolean allOk() {
        return cards.stream().allMatch(CardResult::ok);
    }

    String text() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "image %s: %s, %s mapped (%s)%n", image.getFileName(),
                Sizes.human(map.imageSize()), Sizes.human(map.mappedBytes()), map.source()));
        int dev = Math.max(6, cards.stream().mapToInt(c -> c.device().length()).max().orElse(6));
        int node = Math.max(4, cards.stream().mapToInt(c -> c.node() == null ? 1 : c.node().length()).max().orElse(4));
        String fmt = "%-" + dev + "s  %-" + node + "s  %-6s  %-9s  %-7s  %-11s  %-16s  %s%n";
        b.append(String.format(Locale.ROOT, fmt, "DEVICE", "NODE", "RESULT", "WRITTEN", "TIME", "RATE", "VERIFY", "CONFIG"));
        for (CardResult c : cards) {
            String verify = c.verify() + ("passed".equals(c.verify()) || "failed".equals(c.verify())
                    ? String.format(Locale.ROOT, " (%.1f s)", c.verifySeconds()) : "");
            String config = "injected".equals(c.config()) ? c.configFiles().size() + " files" : c.config();
            b.append(String.format(Locale.ROOT, fmt, c.device(), c.node() == null ? "-" : c.node(),
                    c.ok() ? "ok" : "FAILED", Sizes.human(c.bytesWritten()),
                    String.format(Locale.ROOT, "%.1f s", c.writeSeconds()),
                    c.writeRate() > 0 ? Sizes.human((long) c.writeRate()) + "/s" : "-", verify, config));
            for (String e : c.errors()) {
                b.append("    ").append(e).append(System.lineSeparator());
            }
        }
        long ok = cards.stream().filter(CardResult::ok).count();
        b.append(String.format(Locale.ROOT, "%d of %d flashed%s in %.1f s%n", ok, cards.size(),
                ok == cards.size() ? "" : ", " + (cards.size() - ok) + " FAILED",
                seconds));
        return b.toString();
    }

    String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image.toString());
        m.put("image_size", map.imageSize());
        m.put("mapped_bytes", map.mappedBytes());
        m.put("block_map", map.source());
        m.put("started", started.toString());
        m.put("finished", finished.toString());
        m.put("seconds", Json.seconds(seconds));
        List<Object> list = new ArrayList<>();
        for (CardResult c : cards) {
            list.add(c.json());
        }
        m.put("cards", list);
        long ok = cards.stream().filter(CardResult::ok).count();
        m.put("flashed", ok);
        m.put("failed", cards.size() - ok);
        return Json.pretty(m);
    }
}
