package io.streetgate.console;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.driver.DeviceCatalog;
import io.streetgate.driver.Health;
import io.streetgate.driver.Measurement;
import io.streetgate.driver.Quantity;
import io.streetgate.gateway.api.CommandResult;
import io.streetgate.gateway.api.ComponentStatus;
import io.streetgate.provision.Provisioning;
import io.streetgate.site.SiteFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's HTTPS server on loopback, spoken to by the JDK's HTTPS client trusting only the console's
 * certificate: no way in without an account, cookies a script cannot read, CSRF, roles, lockout. The gateway
 * behind it is a small stand-in that records the commands it is given (the distribution's ConsoleIT runs the
 * real one in a browser).
 */
class ConsoleServerTest {

    @TempDir
    Path dir;
    private ConsoleServer server;
    private HttpClient http;
    private Accounts accounts;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> scans = new CopyOnWriteArrayList<>();
    private final ReadingHistory readings = new ReadingHistory();
    private final List<ComponentStatus> parts = new CopyOnWriteArrayList<>(List.of(new ComponentStatus("sensor/env-1",
            Health.faulty("no answer at 0x76", Instant.EPOCH), Map.of())));

    private final GatewayView gateway = new GatewayView() {
        @Override
        public Map<String, Object> node() {
            return Map.of("node", "pole-0042", "site", "harbour-street", "simulated", true, "version", "0.2.0");
        }

        @Override
        public List<ComponentStatus> parts() {
            return parts;
        }

        @Override
        public Path siteFile() {
            return dir.resolve("site.yaml");
        }

        @Override
        public SiteFile.Result checkSite(String text) {
            return SiteFile.parse(text, "site.yaml", DeviceCatalog.of(List.of()), dir);
        }

        @Override
        public Map<String, Object> scanDefaults() {
            return Map.of("first_unit", 1, "last_unit", 247, "timeout_ms", 300, "min_timeout_ms", 10,
                    "max_timeout_ms", 10_000);
        }

        @Override
        public List<Map<String, Object>> scan(int firstUnit, int lastUnit, Duration unitTimeout) {
            scans.add(firstUnit + "-" + lastUnit + " " + unitTimeout.toMillis() + " ms");
            return List.of(Map.of("bus", "i2c-1", "kind", "i2c", "scanned", true, "found",
                    List.of(Map.of("address", "0x76", "chip", "BME280 (confirmed)", "detail", "chip id 0x60"))));
        }

        @Override
        public SiteFile.Result reloadSite() {
            return checkSite("");
        }

        @Override
        public Instant now() {
            return Instant.parse("2026-06-21T19:30:00Z");
        }

        @Override
        public CommandResult command(String name, String target, Map<String, Object> arguments, String origin) {
            commands.add(name + " " + target + " " + arguments + " from " + origin);
            return CommandResult.done(target + " overridden", Map.of());
        }

        @Override
        public List<Map<String, Object>> selfTestDevices() {
            return List.of();
        }

        @Override
        public Map<String, Object> selfTest(String deviceId, Duration timeout, String origin) {
            throw new IllegalArgumentException("no device " + deviceId);
        }
    };

    @BeforeEach
    void start() throws Exception {
        SecureRandom random = new SecureRandom();
        NodeCertificate cert = NodeCertificate.loadOrCreate(dir, "test", List.of("127.0.0.1"), Clock.systemUTC(), random);
        accounts = new Accounts(dir, random, 1000);
        ConsoleAudit audit = new ConsoleAudit(dir, Clock.systemUTC());
        server = new ConsoleServer(new InetSocketAddress("127.0.0.1", 0), cert.sslContext(), accounts,
                new Sessions(Clock.systemUTC(), Duration.ofMinutes(15), random), audit,
                gateway, readings, new LogBuffer(), new SiteFileEditor(gateway, dir, new ConsoleAudit(dir,
                Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(60), Duration.ofSeconds(1)), new ProvisioningPage(
                new Provisioning(dir.resolve("state"), dir.resolve("etc"), null, Clock.systemUTC(), random),
                dir.resolve("uploads"), audit, dir.resolve("state"), () -> java.util.Optional.empty(), random),
                Clock.systemUTC());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("console", cert.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(client).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutASessionOnlyThePageAndTheLoginAreServed() throws Exception {
        HttpResponse<String> page = send("GET", "/", null, null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>streetgate console</title>"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        for (String path : List.of("/api/overview", "/api/readings", "/api/events", "/api/logs", "/api/audit")) {
            HttpResponse<String> r = send("GET", path, null, null, null);
            assertEquals(401, r.statusCode(), path);
            assertTrue(r.body().contains("log in first"), r.body());
        }
        assertEquals(true, json(send("GET", "/api/me", null, null, null)).get("setup"));
    }

    @Test
    void theFirstAdminLogsInWithTheOneTimeCodeAndOverridesCarryTheAccountAndNeedTheCsrfToken() throws Exception {
        HttpResponse<String> wrong = send("POST", "/api/setup", Map.of("code", "nope", "account", "ana",
                "password", "long enough pw"), null, null);
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> setup = send("POST", "/api/setup", Map.of("code", accounts.setupCode().orElseThrow(),
                "account", "ana", "password", "long enough pw"), null, null);
        assertEquals(200, setup.statusCode(), setup.body());
        String setCookie = setup.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("Secure") && setCookie.contains("SameSite=Strict"),
                setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = (String) json(setup).get("csrf");

        Map<String, Object> overview = json(send("GET", "/api/overview", null, cookie, null));
        assertEquals("pole-0042", overview.get("node"));
        assertEquals("no answer at 0x76", ((Map<?, ?>) ((List<?>) overview.get("parts")).get(0)).get("reason"));

        Map<String, Object> override = Map.of("target", "lamp-1", "level", 0.8, "for", "30m");
        HttpResponse<String> noToken = send("POST", "/api/override", override, cookie, null);
        assertEquals(403, noToken.statusCode());
        assertTrue(noToken.body().contains("CSRF"), noToken.body());
        assertEquals(403, send("POST", "/api/override", override, cookie, "not-the-token").statusCode());
        assertEquals(List.of(), commands, "nothing reached the gateway");

        HttpResponse<String> done = send("POST", "/api/override", override, cookie, csrf);
        assertEquals(200, done.statusCode(), done.body());
        assertEquals(1, commands.size());
        assertTrue(commands.get(0).startsWith("actuator.override lamp-1 ") && commands.get(0).endsWith("from console:ana"),
                commands.get(0));
        HttpResponse<String> unknown = send("POST", "/api/override", Map.of("target", "lamp-1", "levle", 1), cookie, csrf);
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("'levle' is not an override argument"), unknown.body());

        Map<String, Object> audit = json(send("GET", "/api/audit", null, cookie, null));
        assertTrue(audit.toString().contains("account=ana, action=actuator.override, target=lamp-1, outcome=done"),
                audit.toString());
    }

    @Test
    void aViewerSeesButCannotOverrideAndAnotherSitesPageIsRefused() throws Exception {
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        accounts.create("val", "viewer password".toCharArray(), Role.VIEWER);
        HttpResponse<String> login = send("POST", "/api/login", Map.of("account", "val", "password", "viewer password"),
                null, null);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = (String) json(login).get("csrf");
        assertEquals(200, send("GET", "/api/overview", null, cookie, null).statusCode());
        HttpResponse<String> refused = send("POST", "/api/override", Map.of("target", "lamp-1", "level", 1, "for", "1m"),
                cookie, csrf);
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("your role (viewer)"), refused.body());
        assertEquals(403, send("POST", "/api/accounts", Map.of("account", "eve", "password", "0123456789", "role",
                "admin"), cookie, csrf).statusCode());
        assertEquals(List.of(), commands);

        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(uri("/api/login"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"account\":\"ana\",\"password\":\"long enough pw\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, crossSite.statusCode());
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(uri("/api/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("account=ana&password=long+enough+pw")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, form.statusCode(), "a plain form post, which any site can make, is not a login");
    }

    @Test
    void anAdminGivesTheNodeItsIdentityAndDownloadsItsCsrWhileATechnicianMayNot() throws Exception {
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        accounts.create("tom", "technician pw".toCharArray(), Role.TECHNICIAN);
        HttpResponse<String> ana = send("POST", "/api/login", Map.of("account", "ana", "password", "long enough pw"),
                null, null);
        String cookie = ana.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = (String) json(ana).get("csrf");
        Map<String, Object> before = json(send("GET", "/api/provision", null, cookie, null));
        assertEquals(false, before.get("csr"));
        assertEquals(false, before.get("ok"), "nothing is provisioned yet");

        Map<String, Object> identity = Map.of("node", "pole-0042", "org", "City of Harbourtown", "country", "DE",
                "psk", true, "broker", "ssl://mqtt.city.example:8883");
        assertEquals(403, send("POST", "/api/provision", identity, cookie, null).statusCode(), "no CSRF token");
        HttpResponse<String> done = send("POST", "/api/provision", identity, cookie, csrf);
        assertEquals(200, done.statusCode(), done.body());
        Map<String, Object> report = json(done);
        assertEquals(List.of("identity", "psk", "broker"), report.get("changed"));
        assertTrue(((String) report.get("text")).contains("identity  new     node.key (EC P-256), csr written"),
                (String) report.get("text"));
        String secret = java.nio.file.Files.readString(dir.resolve("state/identity/psk"));
        String key = java.nio.file.Files.readString(dir.resolve("state/identity/node.key"));
        assertTrue(!done.body().contains(secret.substring(secret.indexOf("hex:") + 4).strip()), "the psk stays on the node");

        HttpResponse<String> csr = send("GET", "/api/provision/csr", null, cookie, null);
        assertEquals(200, csr.statusCode());
        assertTrue(csr.body().startsWith("-----BEGIN CERTIFICATE REQUEST-----"), csr.body());
        assertTrue(!csr.body().contains(key.strip()), "the key never leaves the node");
        assertEquals("attachment; filename=\"node.csr\"", csr.headers().firstValue("Content-Disposition").orElse(""));

        HttpResponse<String> plainTcp = send("POST", "/api/provision", Map.of("broker", "tcp://10.0.0.5:1883"),
                cookie, csrf);
        assertEquals(400, plainTcp.statusCode());
        assertTrue(plainTcp.body().contains("is plain TCP"), plainTcp.body());
        HttpResponse<String> notPem = send("POST", "/api/provision", Map.of("certificate", "hello"), cookie, csrf);
        assertEquals(400, notPem.statusCode());
        assertTrue(notPem.body().contains("'certificate' is not a PEM certificate"), notPem.body());
        // the console's own self-signed certificate: for another key than node.key, and no CA
        String otherKeys = java.nio.file.Files.readString(dir.resolve("console.crt"));
        Map<String, Object> before409 = snapshotOf(dir.resolve("state/identity"));
        HttpResponse<String> anotherKey = send("POST", "/api/provision", Map.of("certificate", otherKeys), cookie, csrf);
        assertEquals(409, anotherKey.statusCode(), anotherKey.body());
        assertTrue(anotherKey.body().contains("the certificate is for another key"), anotherKey.body());
        assertEquals(before409, snapshotOf(dir.resolve("state/identity")), "nothing changed");
        HttpResponse<String> notACa = send("POST", "/api/provision", Map.of("ca", otherKeys), cookie, csrf);
        assertEquals(400, notACa.statusCode(), notACa.body());
        assertTrue(notACa.body().contains("--ca the pasted CA certificates: CN=test is not a CA certificate"),
                notACa.body());
        assertTrue(!notACa.body().contains("uploads"), "no temporary file named: " + notACa.body());
        assertEquals(List.of(), java.nio.file.Files.list(dir.resolve("uploads")).toList(), "no pasted file is left");
        HttpResponse<String> typo = send("POST", "/api/provision", Map.of("nod", "pole-0043"), cookie, csrf);
        assertTrue(typo.body().contains("'nod' is not a provisioning field"), typo.body());

        HttpResponse<String> tom = send("POST", "/api/login", Map.of("account", "tom", "password", "technician pw"),
                null, null);
        String tomCookie = tom.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertEquals(403, send("GET", "/api/provision/csr", null, tomCookie, null).statusCode());
        assertEquals(403, send("POST", "/api/provision", Map.of("rotate_key", true), tomCookie,
                (String) json(tom).get("csrf")).statusCode());

        String audit = json(send("GET", "/api/audit", null, cookie, null)).toString();
        assertTrue(audit.contains("account=ana, action=provision, target=node, outcome=done, detail=changed: identity, "
                + "psk, broker"), audit);
        assertTrue(audit.contains("action=provision, target=node, outcome=refused, detail=--broker 'tcp://"), audit);
    }

    @Test
    void anAdminAddsAConstrainedNodeSeesItsKeyOnceAndRemovesItWhileATechnicianMayNot() throws Exception {
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        accounts.create("tom", "technician pw".toCharArray(), Role.TECHNICIAN);
        HttpResponse<String> ana = send("POST", "/api/login", Map.of("account", "ana", "password", "long enough pw"),
                null, null);
        String cookie = ana.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = (String) json(ana).get("csrf");
        Path keys = dir.resolve("state/coap/node-keys");
        Map<String, Object> empty = json(send("GET", "/api/provision/nodes", null, cookie, null));
        assertEquals(List.of(), empty.get("nodes"));
        assertEquals(keys.toString(), empty.get("file"));
        assertEquals(false, empty.get("listening"));
        assertTrue(((String) empty.get("note")).contains("no coap: section with DTLS on"), empty.toString());

        assertEquals(403, send("POST", "/api/provision/nodes", Map.of("node", "soil-17"), cookie, null).statusCode(),
                "no CSRF token");
        HttpResponse<String> made = send("POST", "/api/provision/nodes", Map.of("node", "soil-17"), cookie, csrf);
        assertEquals(200, made.statusCode(), made.body());
        String key = (String) json(made).get("key");
        assertEquals("soil-17 psk soil-17 text:" + key, json(made).get("line"));
        assertEquals("soil-17 psk soil-17 text:" + key + "\n", java.nio.file.Files.readString(keys).lines()
                .filter(l -> l.startsWith("soil-17")).findFirst().orElseThrow() + "\n");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(keys)));
        HttpResponse<String> listed = send("GET", "/api/provision/nodes", null, cookie, null);
        assertEquals(List.of(Map.of("id", "soil-17", "kind", "psk", "identity", "soil-17")),
                json(listed).get("nodes"));
        assertFalse(listed.body().contains(key), "a listing never shows the key");

        HttpResponse<String> again = send("POST", "/api/provision/nodes", Map.of("node", "soil-17"), cookie, csrf);
        assertEquals(400, again.statusCode());
        assertTrue(again.body().contains("node 'soil-17' is in " + keys + " already (line 2, psk); remove it first"),
                again.body());
        HttpResponse<String> badId = send("POST", "/api/provision/nodes", Map.of("node", "soil 17"), cookie, csrf);
        assertTrue(badId.body().contains("node id 'soil 17' is not valid: use up to 64 letters"), badId.body());
        HttpResponse<String> both = send("POST", "/api/provision/nodes", Map.of("node", "lamp-9", "identity", "x",
                "rpk", "-----BEGIN PUBLIC KEY-----"), cookie, csrf);
        assertEquals(400, both.statusCode());
        assertTrue(both.body().contains("leave one of them out"), both.body());
        HttpResponse<String> typo = send("POST", "/api/provision/nodes", Map.of("nod", "x"), cookie, csrf);
        assertTrue(typo.body().contains("'nod' is not a field of a node"), typo.body());

        HttpResponse<String> tom = send("POST", "/api/login", Map.of("account", "tom", "password", "technician pw"),
                null, null);
        String tomCookie = tom.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertEquals(403, send("GET", "/api/provision/nodes", null, tomCookie, null).statusCode());
        assertEquals(403, send("POST", "/api/provision/nodes/remove", Map.of("node", "soil-17"), tomCookie,
                (String) json(tom).get("csrf")).statusCode());

        String withSoil = java.nio.file.Files.readString(keys);
        HttpResponse<String> removed = send("POST", "/api/provision/nodes/remove", Map.of("node", "soil-17"), cookie,
                csrf);
        assertEquals(200, removed.statusCode(), removed.body());
        assertEquals(withSoil, java.nio.file.Files.readString(dir.resolve("state/coap/node-keys.previous")),
                "the file as it was is kept beside it");
        assertEquals(404, send("POST", "/api/provision/nodes/remove", Map.of("node", "soil-17"), cookie, csrf)
                .statusCode());

        String audit = json(send("GET", "/api/audit", null, cookie, null)).toString();
        assertTrue(audit.contains("account=ana, action=coap-node.add, target=soil-17, outcome=done, detail=psk soil-17"),
                audit);
        assertTrue(audit.contains("account=ana, action=coap-node.remove, target=soil-17, outcome=done"), audit);
        assertTrue(audit.contains("action=coap-node.add, target=soil 17, outcome=refused"), audit);
        assertFalse(audit.contains(key), "the key is never audited");
    }

    @Test
    void wrongPasswordsLockTheAccountEvenAgainstTheRightOne() throws Exception {
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
            HttpResponse<String> r = send("POST", "/api/login", Map.of("account", "ana", "password", "guess " + i), null, null);
            assertEquals(401, r.statusCode());
        }
        HttpResponse<String> locked = send("POST", "/api/login", Map.of("account", "ana", "password", "long enough pw"),
                null, null);
        assertEquals(429, locked.statusCode());
        assertTrue(locked.body().contains("account 'ana' is locked after too many wrong attempts"), locked.body());
        assertTrue(locked.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void theEventStreamCarriesReadingsAsTheyArrive() throws Exception {
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        HttpResponse<String> login = send("POST", "/api/login", Map.of("account", "ana", "password", "long enough pw"),
                null, null);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        readings.add(Measurement.of("env-1", Quantity.TEMPERATURE, 18.25, Instant.parse("2026-06-21T19:30:00Z")));
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(uri("/api/events"))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(""));
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body()))) {
            String line;
            boolean seen = false;
            while (!seen && (line = lines.readLine()) != null) {
                seen = line.startsWith("data: ") && line.contains("\"source\":\"env-1\"") && line.contains("18.25")
                        && line.contains("\"unit\":\"Cel\"");
            }
            assertTrue(seen, "a readings event with env-1's temperature and its unit");
            assertEquals(200, send("GET", "/api/overview", null, cookie, null).statusCode(),
                    "an open event stream does not hold up the other requests");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void updatesShowTheInstalledVersionTheCampaignUnderWayAndTheLastOutcome() throws Exception {
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        String cookie = send("POST", "/api/login", Map.of("account", "ana", "password", "long enough pw"), null, null)
                .headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertEquals(false, json(send("GET", "/api/updates", null, cookie, null)).get("agent"),
                "no ota part: no agent, and the page says why");
        // the details the OTA agent reports as its part (docs/ota.md): a download of a campaign under way
        Map<String, Object> lastUpdate = Map.of("state", "rolled_back", "version", "0.2.1", "reason",
                "health check failed: bundles not active: io.streetgate.control");
        parts.add(new ComponentStatus("ota", Health.degraded("update 0.2.1 rolled_back", Instant.EPOCH), Map.of(
                "running", "0.2.0", "repository", "https://updates.example/", "state", "downloading",
                "campaign", "spring-2030", "version", "0.3.0", "bytes", 1024, "total", 4096, "last_update", lastUpdate)));
        Map<String, Object> updates = json(send("GET", "/api/updates", null, cookie, null));
        assertEquals("0.2.0", updates.get("installed"));
        assertEquals("spring-2030", ((Map<String, Object>) updates.get("in_progress")).get("campaign"));
        assertEquals(4096, ((Map<String, Object>) updates.get("in_progress")).get("total"));
        assertEquals("rolled_back", ((Map<String, Object>) updates.get("last_update")).get("state"));

        parts.set(1, new ComponentStatus("ota", Health.ok(Instant.EPOCH), Map.of("running", "0.3.0", "state",
                "committed", "version", "0.3.0", "last_update", Map.of("state", "committed", "version", "0.3.0"))));
        updates = json(send("GET", "/api/updates", null, cookie, null));
        assertEquals(null, updates.get("in_progress"), "a committed update is not under way");
        assertEquals("committed", ((Map<String, Object>) updates.get("last_update")).get("state"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSiteFileIsForTechniciansAndItsCheckGivesLineAndKey() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("site.yaml"), "node:\n  id: pole-0042\n");
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        accounts.create("val", "viewer password".toCharArray(), Role.VIEWER);
        String viewer = send("POST", "/api/login", Map.of("account", "val", "password", "viewer password"), null, null)
                .headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertEquals(403, send("GET", "/api/site", null, viewer, null).statusCode());

        HttpResponse<String> login = send("POST", "/api/login", Map.of("account", "ana", "password", "long enough pw"),
                null, null);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = (String) json(login).get("csrf");
        Map<String, Object> site = json(send("GET", "/api/site", null, cookie, null));
        assertEquals("node:\n  id: pole-0042\n", site.get("text"));
        assertEquals(true, site.get("valid"));
        assertEquals(403, send("POST", "/api/site/check", Map.of("text", "node: {}"), cookie, null).statusCode(),
                "a check without the CSRF token is refused like any POST");
        Map<String, Object> check = json(send("POST", "/api/site/check", Map.of("text", "node:\n  id: Pole 42\n"),
                cookie, csrf));
        assertEquals(false, check.get("valid"));
        Map<String, Object> problem = ((List<Map<String, Object>>) check.get("problems")).get(0);
        assertEquals(2, problem.get("line"));
        assertEquals("node.id", problem.get("key"));
        assertEquals(SiteFile.parse("node:\n  id: Pole 42\n", "site.yaml", DeviceCatalog.of(List.of()), dir)
                .problems().get(0).toString(), problem.get("text"), "as streetgate config validate prints it");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aScanIsATechniciansActionWithBoundedInput() throws Exception {
        accounts.createFirst(accounts.setupCode().orElseThrow(), "ana", "long enough pw".toCharArray());
        HttpResponse<String> login = send("POST", "/api/login", Map.of("account", "ana", "password", "long enough pw"),
                null, null);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = (String) json(login).get("csrf");
        HttpResponse<String> wide = send("POST", "/api/scan", Map.of("first_unit", 0, "last_unit", 300), cookie, csrf);
        assertEquals(400, wide.statusCode());
        assertTrue(wide.body().contains("units 0-300: give Modbus unit ids within 1-247"), wide.body());
        HttpResponse<String> slow = send("POST", "/api/scan", Map.of("timeout_ms", 60_000), cookie, csrf);
        assertEquals(400, slow.statusCode());
        assertTrue(slow.body().contains("timeout_ms 60000: give 10 to 10000 ms"), slow.body());
        assertEquals(List.of(), scans, "nothing out of bounds reached the gateway");

        assertEquals(200, send("POST", "/api/scan", Map.of("first_unit", 1, "last_unit", 4), cookie, csrf).statusCode());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Object> state = json(send("GET", "/api/scan", null, cookie, null));
        while (!"finished".equals(state.get("state")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = json(send("GET", "/api/scan", null, cookie, null));
        }
        assertEquals("finished", state.get("state"));
        assertEquals(List.of("1-4 300 ms"), scans, "the default timeout where none was sent");
        Map<String, Object> bus = ((List<Map<String, Object>>) state.get("buses")).get(0);
        assertEquals("BME280 (confirmed)", ((List<Map<String, Object>>) bus.get("found")).get(0).get("chip"));
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.address().getPort() + path);
    }

    private HttpResponse<String> send(String method, String path, Map<String, Object> body, String cookie, String csrf)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.std.asString(body)));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every file of a folder with its bytes: equal snapshots mean nothing changed. */
    private static Map<String, Object> snapshotOf(Path folder) throws Exception {
        Map<String, Object> files = new java.util.TreeMap<>();
        try (var list = java.nio.file.Files.list(folder)) {
            for (Path f : list.toList()) {
                files.put(f.getFileName().toString(), java.util.Arrays.toString(java.nio.file.Files.readAllBytes(f)));
            }
        }
        return files;
    }

    private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JSON.std.mapFrom(r.body());
    }
}
