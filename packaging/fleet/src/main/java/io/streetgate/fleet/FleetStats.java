package io.streetgate.fleet;

/**
 * The fleet's counters at one moment, summed over its gateways.
 *
 * @param gateways      simulated gateways
 * @param connected     connected right now
 * @param everConnected connected at least once
 * @param connections   connections made (reconnects included)
 * @param stored        messages stored (summaries and occupancy)
 * @param published     publications put on the links (data, births, state, results)
 * @param acknowledged  publications the broker acknowledged
 * @param waiting       stored messages not yet acknowledged
 * @param lastError     one disconnected node's last error, for the operator; empty when none
 */
record FleetStats(int gateways, int connected, int everConnected, long connections, long stored, long published,
                  long acknowledged, long waiting, String lastError) {

    long reconnects() {
        return connections - everConnected;
    }
}
