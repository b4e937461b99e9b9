package io.streetgate.flash.image;

import io.streetgate.flash.disk.Posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the block map of an image: its bmap file, or else its holes. */
public final class ImageMaps {
    /** The block size of maps computed from holes: bmaptool's, and the page size of the boards we flash. */
    public static final int BLOCK = 4096;

    private ImageMaps() {
    }

    /**
     * The map to flash {@code image} with.
     *
     * @param bmap      an explicit bmap file, or null to look for {@code IMAGE.bmap} (or the image's name with its
     *                  last extension replaced by {@code .bmap}) beside the image
     * @param holesOnly true to ignore bmap files and use the image's holes
     */
    public static BlockMap forImage(Path image, Path bmap, boolean holesOnly) throws IOException {
        if (!Files.isRegularFile(image)) {
            throw new IOException("image " + image + " is not a file");
        }
        if (!holesOnly) {
            Path found = bmap != null ? bmap : beside(image);
            if (found != null) {
                BlockMap map = BmapFile.read(found);
                long size = Files.size(image);
                if (map.imageSize() != size) {
                    throw new IOException(found + " is for an image of " + map.imageSize() + " bytes but " + image
                            + " has " + size + ": wrong bmap for this image (pass --bmap FILE or --no-bmap)");
                }
                return map;
            }
        }
        return fromHoles(image);
    }

    static Path beside(Path image) {
        String name = image.getFileName().toString();
        Path same = image.resolveSibling(name + ".bmap");
        if (Files.isRegularFile(same)) {
            return same;
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            Path replaced = image.resolveSibling(name.substring(0, dot) + ".bmap");
            if (Files.isRegularFile(replaced)) {
                return replaced;
            }
        }
        return null;
    }

    /**
     * The map of a sparse image from its data extents (SEEK_DATA/SEEK_HOLE), rounded out to whole blocks. Only
     * holes are left out, never blocks that merely hold zeros: a zero block inside a file system may be a file's
     * content, and the card's old data there would corrupt it. Without the native calls the whole image is mapped.
     */
    public static BlockMap fromHoles(Path image) throws IOException {
        long size = Files.size(image);
        long blocks = (size + BLOCK - 1) / BLOCK;
        List<BlockMap.Range> ranges = new ArrayList<>();
        if (!Posix.available()) {
            if (blocks > 0) {
                ranges.add(new BlockMap.Range(0, blocks - 1, null));
            }
            return new BlockMap(size, BLOCK, ranges, null, "whole image (holes unknown: no native calls)");
        }
        long curFirst = -1;
        long curLast = -1;
        for (Posix.Extent e : Posix.dataExtents(image)) {
            long end = Math.min(e.end(), size);
            if (end <= e.start()) {
                continue;
            }
            long first = e.start() / BLOCK;
            long last = (end - 1) / BLOCK;
            if (curFirst >= 0 && first <= curLast + 1) {
                curLast = Math.max(curLast, last);
            } else {
                if (curFirst >= 0) {
                    ranges.add(new BlockMap.Range(curFirst, curLast, null));
                }
                curFirst = first;
                curLast = last;
            }
        }
        if (curFirst >= 0) {
            ranges.add(new BlockMap.Range(curFirst, curLast, null));
        }
        return new BlockMap(size, BLOCK, ranges, null, "holes of " + image.getFileName());
    }
}
