package io.streetgate.site.osgi;

import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The site file the gateway runs on, as last loaded, with its problems. Registered as an OSGi service. */
public interface CurrentSite {

    /** The file it was read from. */
    Path file();

    /** The valid part of the file; empty when the file could not be used at all. */
    Optional<SiteConfig> config();

    /** What is wrong with the file; entries with problems are not running. */
    List<Problem> problems();

    /**
     * A site file's text checked exactly as this gateway reads its file (its device types; the files it names,
     * such as Modbus register maps, read beside its file), and as {@code streetgate config validate} reports it.
     */
    SiteFile.Result check(String text);

    /** Reads the file again and configures the gateway from its valid part, as at start; returns what it read. */
    SiteFile.Result reload();
}
