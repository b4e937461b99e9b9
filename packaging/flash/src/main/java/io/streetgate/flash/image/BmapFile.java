package io.streetgate.flash.image;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads the block map files that {@code bmaptool create} writes (bmap-tools 3.6, BmapCreate.py and BmapCopy.py;
 * the format is described in bmap-tools' docs/README and the comments of the files it writes):
 * <pre>
 * &lt;bmap version="2.0"&gt;
 *   &lt;ImageSize&gt; bytes &lt;/ImageSize&gt;  &lt;BlockSize&gt; 4096 &lt;/BlockSize&gt;  &lt;BlocksCount&gt; n &lt;/BlocksCount&gt;
 *   &lt;MappedBlocksCount&gt; m &lt;/MappedBlocksCount&gt;  &lt;ChecksumType&gt; sha256 &lt;/ChecksumType&gt;
 *   &lt;BmapFileChecksum&gt; hex &lt;/BmapFileChecksum&gt;
 *   &lt;BlockMap&gt; &lt;Range chksum="hex"&gt; first-last &lt;/Range&gt; &lt;Range chksum="hex"&gt; block &lt;/Range&gt; ... &lt;/BlockMap&gt;
 * &lt;/bmap&gt;
 * </pre>
 * Versions: 2.x (and the identical 1.4) name the digest in ChecksumType and use {@code chksum=} and
 * BmapFileChecksum; 1.3 has SHA-1 only, as {@code sha1=} and BmapFileSHA1; 1.0-1.2 have no checksums. A major
 * version above 2 is refused. A range's checksum covers its blocks, cut at the image's end. The file's own
 * checksum is taken over the whole file with the checksum's hex digits replaced by ASCII zeros.
 */
public final class BmapFile {
    private BmapFile() {
    }

    /**
     * The most a bmap file may hold: bmaptool writes about 100 bytes per mapped range, so even a badly fragmented
     * 64 GiB image's map is a few MiB.
     */
    static final long MAX_BYTES = 16L << 20;

    public static BlockMap read(Path bmap) throws IOException {
        long size = Files.size(bmap);
        if (size > MAX_BYTES) {
            throw new IOException(bmap + " is not a bmap file: it has " + size + " bytes, more than the "
                    + (MAX_BYTES >> 20) + " MiB a block map of any card image needs");
        }
        return parse(Files.readAllBytes(bmap), bmap);
    }

    /** A bmap file's bytes; {@code bmap} names it in messages. */
    static BlockMap parse(byte[] bytes, Path bmap) throws IOException {
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
            root = doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(bmap + " is not a bmap file (bad XML: " + e.getMessage() + ")", e);
        }
        if (!"bmap".equals(root.getTagName())) {
            throw new IOException(bmap + " is not a bmap file: its root element is <" + root.getTagName() + ">, not <bmap>");
        }
        String version = root.getAttribute("version").trim();
        int major;
        int minor;
        try {
            String[] parts = version.split("\\.", 2);
            major = Integer.parseInt(parts[0]);
            minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        } catch (NumberFormatException e) {
            throw new IOException(bmap + ": bad bmap version \"" + version + "\"");
        }
        if (major > 2) {
            throw new IOException(bmap + ": bmap format version " + version + " is newer than this tool reads (up to 2.x)");
        }
        String csType;
        String rangeAttr;
        String fileChecksumTag;
        if (major == 2 || (major == 1 && minor == 4)) {
            csType = text(root, "ChecksumType", bmap).toLowerCase(Locale.ROOT);
            rangeAttr = "chksum";
            fileChecksumTag = "BmapFileChecksum";
        } else if (major == 1 && minor == 3) {
            csType = "sha1";
            rangeAttr = "sha1";
            fileChecksumTag = "BmapFileSHA1";
        } else {
            csType = null;
            rangeAttr = null;
            fileChecksumTag = null;
        }
        String digest = csType == null ? null : jdkDigestName(csType, bmap);
        if (fileChecksumTag != null) {
            verifyFileChecksum(bytes, text(root, fileChecksumTag, bmap), digest, bmap);
        }

        long imageSize = number(root, "ImageSize", bmap);
        long blockSize = number(root, "BlockSize", bmap);
        long blocksCount = number(root, "BlocksCount", bmap);
        long mappedCount = number(root, "MappedBlocksCount", bmap);
        if (blockSize <= 0 || blockSize > (1 << 24) || Long.bitCount(blockSize) != 1) {
            throw new IOException(bmap + ": BlockSize " + blockSize + " is not a power of two up to 16 MiB");
        }
        // the last block's end, (BlocksCount) * BlockSize, must be a long as well
        if (imageSize < 0 || imageSize > Long.MAX_VALUE - blockSize) {
            throw new IOException(bmap + ": ImageSize " + imageSize + " is not the size of an image in bytes");
        }
        if (blocksCount != imageSize / blockSize + (imageSize % blockSize == 0 ? 0 : 1)) {
            throw new IOException(bmap + ": BlocksCount " + blocksCount + " does not fit ImageSize " + imageSize
                    + " with BlockSize " + blockSize);
        }
        NodeList maps = root.getElementsByTagName("BlockMap");
        if (maps.getLength() != 1) {
            throw new IOException(bmap + " has " + maps.getLength() + " <BlockMap> elements, expected one");
        }
        List<BlockMap.Range> ranges = new ArrayList<>();
        long mapped = 0;
        for (Node n = maps.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e) || !"Range".equals(e.getTagName())) {
                continue;
            }
            String spec = e.getTextContent().trim();
            long first;
            long last;
            try {
                int dash = spec.indexOf('-');
                first = Long.parseLong(dash < 0 ? spec : spec.substring(0, dash).trim());
                last = dash < 0 ? first : Long.parseLong(spec.substring(dash + 1).trim());
            } catch (NumberFormatException ex) {
                throw new IOException(bmap + ": bad <Range> \"" + spec + "\" (expected \"first-last\" or \"block\")");
            }
            if (last < first || last >= blocksCount) {
                throw new IOException(bmap + ": <Range> " + spec + " is outside the image's " + blocksCount + " blocks");
            }
            String cs = rangeAttr != null && e.hasAttribute(rangeAttr) ? e.getAttribute(rangeAttr).trim().toLowerCase(Locale.ROOT) : null;
            ranges.add(new BlockMap.Range(first, last, cs));
            mapped += last - first + 1;
        }
        if (mapped != mappedCount) {
            throw new IOException(bmap + ": the ranges hold " + mapped + " blocks but MappedBlocksCount says " + mappedCount);
        }
        try {
            return new BlockMap(imageSize, (int) blockSize, ranges, digest, "bmap " + bmap.getFileName());
        } catch (IllegalArgumentException e) {
            throw new IOException(bmap + ": " + e.getMessage(), e);
        }
    }

    /** bmap checksum names are Python hashlib names ("sha256"); the JDK spells them "SHA-256". */
    static String jdkDigestName(String hashlibName, Path bmap) throws IOException {
        String jdk = switch (hashlibName) {
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            case "md5" -> "MD5";
            default -> hashlibName.toUpperCase(Locale.ROOT);
        };
        try {
            MessageDigest.getInstance(jdk);
            return jdk;
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(bmap + ": checksum type \"" + hashlibName + "\" is not supported (use sha256)");
        }
    }

    private static void verifyFileChecksum(byte[] bytes, String expected, String digest, Path bmap) throws IOException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(expected);
        if (expected.isEmpty() || at < 0) {
            throw new IOException(bmap + ": its own checksum is missing");
        }
        byte[] zeroed = bytes.clone();
        for (int i = 0; i < expected.length(); i++) {
            zeroed[at + i] = '0';
        }
        try {
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance(digest).digest(zeroed));
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IOException(bmap + " is damaged or was edited: its checksum is " + actual + " but it says "
                        + expected);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Element root, String tag, Path bmap) throws IOException {
        NodeList l = root.getElementsByTagName(tag);
        if (l.getLength() != 1) {
            throw new IOException(bmap + ": expected one <" + tag + ">, found " + l.getLength());
        }
        return l.item(0).getTextContent().trim();
    }

    private static long number(Element root, String tag, Path bmap) throws IOException {
        String t = text(root, tag, bmap);
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IOException(bmap + ": <" + tag + "> \"" + t + "\" is not a number");
        }
    }
}
