package io.streetgate.site;

/**
 * The gateway itself.
 *
 * @param id        the node id, unique in the fleet; used in topics and reports
 * @param site      the site or street it serves
 * @param latitude  degrees north, -90..90 (sunrise and sunset for the lighting schedule)
 * @param longitude degrees east, -180..180
 */
public record NodeConfig(String id, String site, double latitude, double longitude) {
}
