package io.streetgate.site;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console section: on loopback by default, a configuration always, mistakes named by line and key. */
class ConsoleSectionTest {

    private static SiteFile.Result parse(String yaml) {
        return SiteFile.parse("node: { id: pole-1 }\n" + yaml, "site.yaml", TestCatalog.CATALOG);
    }

    private static Map<String, Object> entry(SiteConfig c) {
        return ConfigAdminMapping.entries(c).stream().filter(e -> e.pid().equals(ConfigAdminMapping.CONSOLE_PID))
                .findFirst().map(ConfigAdminMapping.Entry::properties).orElseThrow();
    }

    @Test
    void withoutTheSectionTheConsoleRunsOnLoopback() {
        SiteConfig c = parse("").config().orElseThrow();
        assertEquals(ConsoleConfig.DEFAULT, c.console());
        assertEquals(Map.of("enabled", true, "host", "127.0.0.1", "port", 8443L, "session.idle.ms", 900_000L), entry(c));
    }

    @Test
    void aServiceInterfaceAPortAndASessionIdleTimeAreTaken() {
        SiteFile.Result r = parse("console:\n  host: 192.168.7.2\n  port: 9443\n  session-idle: 30m\n");
        assertEquals(List.of(), r.problems());
        assertEquals(new ConsoleConfig(true, "192.168.7.2", 9443, Duration.ofMinutes(30)), r.config().orElseThrow().console());
    }

    @Test
    void mistakesAreNamedAndTheDefaultsKept() {
        SiteFile.Result r = parse("console:\n  port: 70000\n  session-idle: 2d\n  pasword: x\n");
        List<String> problems = r.problems().stream().map(Problem::toString).toList();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("site.yaml:3: console.port: '70000' is outside 1..65535"), problems.toString());
        assertTrue(problems.get(1).contains("site.yaml:4: console.session-idle: '2d' is outside 1m..12h"), problems.toString());
        assertTrue(problems.get(2).contains("console.pasword"), problems.toString());
        assertEquals(ConsoleConfig.DEFAULT, r.config().orElseThrow().console());
    }

    @Test
    void theConsoleNeedsAPortOfItsOwn() {
        List<String> problems = parse("console:\n  port: 8087\n").problems().stream().map(Problem::toString).toList();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("console.port: '8087' is also the status endpoint's port"), problems.toString());
        assertTrue(parse("console:\n  port: 8087\n  enabled: false\n").problems().isEmpty(), "a console that is off");
    }
}
