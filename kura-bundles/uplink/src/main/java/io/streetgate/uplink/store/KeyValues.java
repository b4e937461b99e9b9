package io.streetgate.uplink.store;

import java.util.SortedMap;

/**
 * Small values that must survive a restart, by key: what a payload format remembers (Sparkplug B's bdSeq and
 * its metric aliases). The store keeps them beside the messages without knowing what they mean.
 */
public interface KeyValues {

    String get(String key, String fallback);

    /** Saved before it returns, so that it survives a power loss. */
    void put(String key, String value);

    /** Every key that starts with {@code prefix}, with its value, in key order. */
    SortedMap<String, String> startingWith(String prefix);
}
