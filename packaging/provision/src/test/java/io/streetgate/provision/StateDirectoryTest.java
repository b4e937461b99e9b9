package io.streetgate.provision;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StateDirectoryTest {

    @Test
    void theEnvironmentWinsThenRootGetsTheServiceFolderThenTheUsersOwn() {
        assertEquals(Path.of("/srv/sg"), StateDirectory.defaultFor(Map.of("STREETGATE_STATE_DIR", "/srv/sg"), "/home/t", true));
        assertEquals(Path.of("/var/lib/streetgate"), StateDirectory.defaultFor(Map.of(), "/root", true));
        assertEquals(Path.of("/home/t/.local/state/streetgate"), StateDirectory.defaultFor(Map.of(), "/home/t", false));
    }
}
