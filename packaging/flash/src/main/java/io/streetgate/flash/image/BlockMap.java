package io.streetgate.flash.image;

import java.util.List;

/**
 * Which blocks of an image hold data and must be written; the rest are holes the card may keep as they are.
 *
 * @param imageSize    the image's size in bytes
 * @param blockSize    the block size in bytes
 * @param ranges       the mapped ranges, ascending and not overlapping
 * @param checksumType the JDK digest name of the ranges' checksums ("SHA-256"), or null when they have none
 * @param source       where the map came from, for the report ("bmap FILE", "holes of IMAGE")
 */
public record BlockMap(long imageSize, int blockSize, List<Range> ranges, String checksumType, String source) {

    /** Blocks {@code first..last} (inclusive, as in bmap files) and their checksum (hex), or null. */
    public record Range(long first, long last, String checksum) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad block range " + first + "-" + last);
            }
        }
    }

    public BlockMap {
        ranges = List.copyOf(ranges);
        long previous = -1;
        for (Range r : ranges) {
            if (r.first() <= previous) {
                throw new IllegalArgumentException("block ranges overlap or are out of order at " + r.first());
            }
            if (r.first() * blockSize >= Math.max(imageSize, 1) && imageSize > 0) {
                throw new IllegalArgumentException("block range " + r.first() + "-" + r.last() + " lies beyond the "
                        + "image's " + imageSize + " bytes");
            }
            previous = r.last();
        }
    }

    /** The byte offset where a range starts. */
    public long start(Range r) {
        return r.first() * blockSize;
    }

    /** The byte offset where a range ends (exclusive): its last block's end, or the image's end if that is sooner. */
    public long end(Range r) {
        return Math.min((r.last() + 1) * blockSize, imageSize);
    }

    /** The bytes a flash writes. */
    public long mappedBytes() {
        long sum = 0;
        for (Range r : ranges) {
            sum += end(r) - start(r);
        }
        return sum;
    }
}
