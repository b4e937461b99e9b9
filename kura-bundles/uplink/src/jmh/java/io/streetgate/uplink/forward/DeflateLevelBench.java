package io.streetgate.uplink.forward;

import io.streetgate.analytics.privacy.UplinkMessage;
import io.streetgate.site.UplinkConfig;
import io.streetgate.uplink.payload.PayloadFormat;
import io.streetgate.uplink.store.StoredMessage;
import io.streetgate.uplink.store.StreamKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

/**
 * Why the lean format deflates at the level it does: a day of {@link WireBytesTest}'s street (33 one-minute
 * series) in the packs that the lean format makes with the site file's defaults (15 minutes, at most 64 KiB
 * before compression), each compressed at zlib's levels 1 to 9 as {@code SenmlCborFormat} does (raw deflate, one {@link Deflater} reset per
 * pack): the bytes of the day and the CPU per summary (best of 5 passes, after 3 not counted). Part
 * {@code levels} of {@code UplinkBench}; the command is in docs/performance.md.
 */
public final class DeflateLevelBench {

    private DeflateLevelBench() {
    }

    public static void run() {
        List<byte[]> packs = dayOfPacks();
        int summaries = WireBytesTest.STREET.size() * 24 * 60;
        long raw = packs.stream().mapToLong(p -> p.length).sum();
        System.out.printf(Locale.ROOT, "## Deflate levels: a day of the street in %d packs, %,d bytes of CBOR%n",
                packs.size(), raw);
        System.out.println("| level | bytes per day | of the CBOR | µs per summary (best of 5) |");
        System.out.println("|---|---|---|---|");
        byte[] buffer = new byte[4096];
        for (int level = 1; level <= 9; level++) {
            Deflater deflater = new Deflater(level, true);
            long bytes = 0;
            long best = Long.MAX_VALUE;
            for (int pass = 0; pass < 8; pass++) {
                bytes = 0;
                long start = System.nanoTime();
                for (byte[] pack : packs) {
                    deflater.reset();
                    deflater.setInput(pack);
                    deflater.finish();
                    while (!deflater.finished()) {
                        bytes += deflater.deflate(buffer);
                    }
                }
                if (pass >= 3) {
                    best = Math.min(best, System.nanoTime() - start);
                }
            }
            deflater.end();
            System.out.printf(Locale.ROOT, "| %d | %,d | %.3f | %.2f |%n", level, bytes, (double) bytes / raw,
                    best / 1e3 / summaries);
        }
        System.out.println();
    }

    /** The day's packs, uncompressed, as the lean format with the site file's defaults closes them. */
    private static List<byte[]> dayOfPacks() {
        UplinkConfig.Pack defaults = UplinkConfig.Pack.DEFAULT;
        PayloadFormat format = WireBytesTest.lean(null, new UplinkConfig.Pack(defaults.window(), defaults.maxBytes(),
                "none"));
        SplittableRandom random = new SplittableRandom(42);
        double[] levels = WireBytesTest.STREET.stream().mapToDouble(WireBytesTest.Series::level).toArray();
        List<byte[]> packs = new ArrayList<>();
        long id = 1;
        for (int minute = 1; minute <= 24 * 60; minute++) {
            Instant end = WireBytesTest.DAY.plusSeconds(60L * minute);
            for (int s = 0; s < levels.length; s++) {
                WireBytesTest.Series series = WireBytesTest.STREET.get(s);
                levels[s] += random.nextGaussian() * series.spread();
                UplinkMessage m = WireBytesTest.summary(series, end, levels[s], random);
                StoredMessage stored = StoredMessage.inMemory(id, StreamKey.of(m), id, "9f3a1c22", 1, end, m);
                id++;
                format.encode(stored, false, end).forEach(o -> packs.add(o.payload()));
            }
            format.due(end).forEach(o -> packs.add(o.payload()));
        }
        return packs;
    }
}
