package io.streetgate.sim.platform.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** `run --simulate` adds its nodes to a node key file and never changes what a person wrote there. */
class NodeKeyLinesTest {

    private static final String SIMULATED = "soil-1 psk soil-1 hex:00\nair-1 psk air-1 hex:11\n";

    @Test
    void withoutAFileTheSimulatedNodesAreTheFile() {
        NodeKeyLines merged = NodeKeyLines.merge(null, SIMULATED);
        assertEquals(SIMULATED, merged.text());
        assertEquals(List.of(), merged.keptOut());
    }

    @Test
    void aTechniciansNodesStayByteForByteAndTheSimulatedOnesAreAppended() {
        String theirs = "# provisioned on the pole, 7 Dec\nsoil-17   psk  soil-17  hex:8f2a61c4d7e90b3355a1f07c2e4d9b16";
        NodeKeyLines merged = NodeKeyLines.merge(theirs, SIMULATED);
        assertEquals(theirs + "\n" + SIMULATED, merged.text());
        assertEquals(List.of(), merged.keptOut());
    }

    @Test
    void aSimulatedNodeWhoseIdThePersonAlreadyKeyedIsLeftOutAndTheirKeyKept() {
        String theirs = "soil-1 psk soil-1 hex:abcdef\n";
        NodeKeyLines merged = NodeKeyLines.merge(theirs, SIMULATED);
        assertEquals(theirs + "air-1 psk air-1 hex:11\n", merged.text());
        assertEquals(List.of("soil-1"), merged.keptOut());
    }

    @Test
    void aSecondRunChangesNothing() {
        String once = NodeKeyLines.merge("soil-17 plain\n", SIMULATED).text();
        assertEquals(once, NodeKeyLines.merge(once, SIMULATED).text());
    }
}
