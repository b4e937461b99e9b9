package io.streetgate.distribution;

import io.streetgate.driver.DeviceCatalog;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The technician's console in a real browser (Debian's headless chromium through its chromedriver, nothing
 * downloaded) against the built distribution on the simulated street: one gateway for every case, in the order
 * a technician meets them. Screenshots of each page at phone and laptop widths go to
 * {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration LONG = Duration.ofSeconds(90);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SHOTS = Path.of("target/console-screenshots");
    private static final String PASSWORD = "harbour street 42";

    @TempDir
    static Path dir;
    private static RunningGateway gw;
    private static ChromeDriver browser;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        for (String tool : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(tool))) {
                fail(tool + " is missing: install Debian's chromium and chromium-driver (as root: apt-get install "
                        + "chromium chromium-driver), as ./test.sh does");
            }
        }
        gw = RunningGateway.start(dir, "felix", null, 30);
        base = "https://127.0.0.1:" + gw.consolePort + "/";
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the console's certificate is its own (self-signed); the test compares it with the file instead
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                "--window-size=412,915");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    @Order(1)
    void theFirstAccountIsMadeWithTheOneTimeCodeFromTheLog() throws Exception {
        String code = await("the one-time code in the gateway's log", () -> {
            Matcher m = Pattern.compile("one-time code ([a-z0-9]{12})").matcher(gw.logText());
            return m.find() ? m.group(1) : null;
        });
        Path codeFile = gw.state.resolve("console/setup-code");
        assertEquals(code, Files.readString(codeFile).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(codeFile)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                gw.state.resolve("console/console.key"))));

        browser.get(base);
        visible("#setup");
        shoot("setup");
        type("#setup-code", code);
        type("#setup-account", "ana");
        type("#setup-password", PASSWORD);
        click("#setup-submit");
        awaitText("#whoami", "ana (admin)");
        assertFalse(Files.exists(codeFile), "the code is used up");
        awaitText("#node", "pole-0042");
        shoot("overview");

        // the page as a technician opens it again with a session: when the first paint and the first useful one
        // (the node and every part's state, the mark console.js sets) come after the navigation started
        browser.navigate().refresh();
        await("the overview's first useful paint", () -> ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByName('overview-shown').length") instanceof Long n && n > 0 ? n : null);
        @SuppressWarnings("unchecked")
        Map<String, Object> paint = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                const nav = performance.getEntriesByType('navigation')[0];
                return {firstPaint: fcp ? fcp.startTime : -1,
                        useful: performance.getEntriesByName('overview-shown')[0].startTime,
                        bytes: performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, nav.transferSize)};
                """);
        String figures = String.format(java.util.Locale.ROOT,
                "console page, reloaded with a session: first contentful paint %.0f ms, first useful paint %.0f ms, %s bytes transferred%n",
                ((Number) paint.get("firstPaint")).doubleValue(), ((Number) paint.get("useful")).doubleValue(), paint.get("bytes"));
        System.out.print(figures);
        Files.writeString(Path.of("target/console-figures.txt"), figures);
        assertTrue(((Number) paint.get("firstPaint")).doubleValue() >= 0, "the browser reports its first paint: " + figures);
    }

    @Test
    @Order(2)
    void liveValuesChangeAndShowTheirUnits() throws Exception {
        browser.get(base + "#live");
        By card = By.cssSelector("[data-series='env-1/temperature']");
        String first = await("env-1's temperature on the live page", () -> text(card, ".at"));
        assertEquals("Cel", browser.findElement(card).findElement(By.cssSelector(".unit")).getText());
        await("a newer env-1 temperature", () -> first.equals(text(card, ".at")) ? null : "changed");
        assertFalse(browser.findElements(By.cssSelector("[data-series='env-1/temperature'] polyline")).isEmpty(),
                "a chart of the last hour");
        shoot("live");

        browser.get(base + "#logs");
        await("the console's own start in the live log", () -> browser.findElement(By.id("log-lines")).getText()
                .contains("Console on https://") ? "seen" : null);
        shoot("logs");
    }

    @Test
    @Order(3)
    void aFaultedSensorTurnsFaultyWithItsReasonOnTheOverview() throws Exception {
        assertEquals(200, gw.request("POST", "/sim/fault?device=env-1&fault=nack"));
        browser.get(base + "#overview");
        By row = By.cssSelector("tr[data-part='sensor/env-1']");
        await("sensor/env-1 faulty on the overview", () -> "FAULTY".equalsIgnoreCase(text(row, ".state")) ? "faulty" : null);
        assertFalse(text(row, ".reason").isBlank(), "a faulty sensor says why");
        shoot("overview-faulty");
        assertEquals(200, gw.request("DELETE", "/sim/fault?device=env-1"));
        await("sensor/env-1 ok again", () -> "OK".equalsIgnoreCase(text(row, ".state")) ? "ok" : null);
    }

    @Test
    @Order(4)
    void anOverrideCountsDownAndTheControlsAuditNamesTheConsoleAccount() throws Exception {
        browser.get(base + "#overrides");
        new Select(visible("#ov-target")).selectByVisibleText("lamp-1");
        type("#ov-level", "0.9");
        type("#ov-for", "30m");
        type("#ov-note", "console test");
        click("#ov-set");
        awaitText("#ov-result", "lamp-1 overridden to 0.9");
        By row = By.cssSelector("tr[data-actuator='lamp-1']");
        String left = await("lamp-1's countdown", () -> text(row, ".countdown").contains("left (by console:ana)")
                ? text(row, ".countdown") : null);
        await("the countdown moving", () -> left.equals(text(row, ".countdown")) ? null : "moved");
        shoot("overrides");

        Path controlAudit = gw.state.resolve("control/audit.log");
        await("the control's audit of the override by console:ana", () -> Files.exists(controlAudit)
                && Files.readAllLines(controlAudit).stream().anyMatch(l -> l.contains("\"override\"")
                && l.contains("\"lamp-1\"") && l.contains("console:ana")) ? "audited" : null);

        browser.findElement(row).findElement(By.cssSelector("button.release")).click();
        awaitText("#ov-result", "lamp-1 released");
        await("lamp-1 without an override", () -> text(row, ".countdown").isEmpty() ? "released" : null);

        browser.get(base + "#audit");
        await("the console's audit of the override", () -> browser.findElement(By.id("audit")).getText()
                .contains("ana actuator.override lamp-1 done") ? "seen" : null);
        shoot("audit");
    }

    @Test
    @Order(5)
    void theSelfTestRunsDeviceByDeviceAndItsReportDownloads() throws Exception {
        browser.get(base + "#selftest");
        click("#st-run");
        await("the self-test's end", () -> {
            String state = browser.findElement(By.id("st-state")).getText();
            return state.startsWith("Passed") || state.startsWith("Failed") ? state : null;
        });
        assertTrue(browser.findElements(By.cssSelector("#st-results tr[data-device]")).size() >= 9,
                "every device has its row");
        shoot("selftest");
        Map<String, Object> report = fetch("GET", "/api/selftest/report", null, true);
        assertEquals(200, ((Number) report.get("status")).intValue());
        assertTrue(String.valueOf(report.get("body")).contains("\"simulated\" : true"), String.valueOf(report.get("body")));
    }

    @Test
    @Order(6)
    void theBusScanShowsWhatAnswersOnTheStreetsBusesAndWhatItProbablyIs() throws Exception {
        browser.get(base + "#scan");
        await("the scan form's defaults", () -> visible("#scan-last").getAttribute("value").equals("247") ? "shown" : null);
        type("#scan-first", "1");
        type("#scan-last", "4");
        type("#scan-timeout", "500");
        click("#scan-run");
        awaitText("#scan-state", "Scanned by ana");
        // what the simulated street has on its buses (docs/scan.md shows the same from streetgate scan --simulate)
        assertEquals("BME280 (confirmed)", text(By.cssSelector("[data-bus='i2c-1'] tr[data-address='0x76']"), ".chip"));
        assertEquals("SHT4x (confirmed)", text(By.cssSelector("[data-bus='i2c-1'] tr[data-address='0x44']"), ".chip"));
        assertEquals("BH1750 (likely)", text(By.cssSelector("[data-bus='i2c-1'] tr[data-address='0x23']"), ".chip"));
        assertEquals("answered", text(By.cssSelector("[data-bus='modbus-gw'] tr[data-unit='1']"), ".chip"));
        assertTrue(browser.findElements(By.cssSelector("[data-bus='modbus-gw'] tr[data-unit='2']")).isEmpty(),
                "unit 2 is not on the street");
        assertFalse(browser.findElements(By.cssSelector("[data-bus='serial']")).isEmpty(), "the serial ports' list");
        shoot("scan");
        await("the scan in the console's audit", () -> Files.readString(gw.state.resolve("console/audit.log"))
                .contains("\"action\":\"scan\"") ? "audited" : null);
    }

    @Test
    @Order(7)
    @SuppressWarnings("unchecked")
    void aTypoInTheSiteFileShowsAtItsLineAndABreakingApplyIsRolledBackByItself() throws Exception {
        Path siteFile = dir.resolve("site.yaml");
        String original = Files.readString(siteFile);
        browser.get(base + "#site");
        await("the site file in the editor", () -> editorText().contains("id: pole-0042") ? "shown" : null);
        shoot("site");

        // a typo and a register map that is not there: the same problems, word for word, as config validate gives
        String typo = original.replace("    type: bme280\n", "    type: bme281\n")
                .replace("    unit: 1\n    period: 15s\n", "    unit: 1\n    period: 15s\n    options:\n"
                        + "      map: maps/missing-meter.yaml\n");
        List<Problem> expected = SiteFile.parse(typo, "site.yaml", DeviceCatalog.installed(), dir).problems();
        assertTrue(expected.stream().anyMatch(p -> p.path().equals("sensors.env-1.type") && p.line() > 0), expected.toString());
        assertTrue(expected.stream().anyMatch(p -> p.toString().contains("missing-meter.yaml")), expected.toString());
        typeIntoEditor(typo);
        for (Problem p : expected) {
            awaitText("#site-problems", p.toString());
        }
        int typoLine = expected.stream().filter(p -> p.path().equals("sensors.env-1.type")).findFirst().orElseThrow().line();
        assertEquals(String.valueOf(typoLine), browser.findElement(By.cssSelector("#site-problems li[data-key='sensors.env-1.type']"))
                .getAttribute("data-line"));
        assertFalse(browser.findElements(By.cssSelector("#site-lines .bad")).isEmpty(), "the line is marked");
        shoot("site-typo");
        click("#site-apply");
        awaitText("#site-result", "Not applied: the text has " + expected.size() + " problem(s)");
        assertEquals(original, Files.readString(siteFile), "a text with problems never reaches the file");

        // valid, but env-1 is not at 0x77 on this street: the sensor that worked stops, and the file goes back
        String broken = original.replace("address: 0x76", "address: 0x77");
        typeIntoEditor(broken);
        awaitText("#site-valid", "Valid.");
        click("#site-apply");
        awaitText("#site-apply-state", "On trial (applied by ana)");
        assertEquals(broken, Files.readString(siteFile));
        assertEquals(original, Files.readString(gw.state.resolve("console/site-last-good.yaml")));
        long trialEnd = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (!browser.findElement(By.id("site-apply-state")).getText().startsWith("Rolled back")
                && System.nanoTime() < trialEnd) {
            Thread.sleep(500);
        }
        String outcome = browser.findElement(By.id("site-apply-state")).getText();
        assertTrue(outcome.startsWith("Rolled back (applied by ana): not healthy within 60 s")
                && outcome.contains("sensor/env-1"), outcome + "\nlog:\n" + gw.logText());
        assertEquals(original, Files.readString(siteFile), "the last good file is back");
        shoot("site-rolled-back");
        String audit = Files.readString(gw.state.resolve("console/audit.log"));
        assertTrue(audit.contains("\"action\":\"site.apply\"") && audit.contains("\"action\":\"site.rollback\""), audit);
        gw.awaitStatus("sensor/env-1 ok again on the last good file", s -> ((List<Map<String, Object>>) s.get("parts"))
                .stream().anyMatch(p -> "sensor/env-1".equals(p.get("name")) && "ok".equals(p.get("state"))), LONG);
    }

    @Test
    @Order(8)
    void theUpdatesPageShowsTheInstalledVersionAndTheAgent() throws Exception {
        browser.get(base + "#updates");
        awaitText("#up-installed", "0.1.0");
        // the simulated street has no ota: section; ConsoleServerTest holds a campaign and a last outcome
        awaitText("#up-agent", "no OTA agent runs here: the site file has no ota: section");
        awaitText("#up-last", "none recorded");
        shoot("updates");
    }

    @Test
    @Order(9)
    void anAdminGivesTheNodeItsKeyMadeOnTheNodeAndDownloadsItsCertificateRequest() throws Exception {
        browser.get(base + "#provision");
        awaitText("#pv-report", "not ready");
        type("#pv-node", "pole-0042");
        type("#pv-org", "City of Harbourtown");
        type("#pv-country", "DE");
        click("#pv-identity-save");
        awaitText("#pv-result", "node.key (EC P-256), csr written");
        Path key = gw.state.resolve("identity/node.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        visible("#pv-csr");
        Map<String, Object> csr = fetch("GET", "/api/provision/csr", null, false);
        String request = String.valueOf(csr.get("body"));
        assertTrue(request.startsWith("-----BEGIN CERTIFICATE REQUEST-----"), request);
        assertFalse(request.contains(Files.readString(key).strip()), "the key never leaves the node");

        click("#pv-psk-save");
        awaitText("#pv-result", "identity pole-0042");
        awaitText("#pv-report", "check pole-0042");
        shoot("provisioning");
        String audit = String.valueOf(fetch("GET", "/api/audit", null, false).get("body"));
        assertTrue(audit.contains("\"action\":\"provision\"") && audit.contains("changed: psk"), audit);
    }

    @Test
    @Order(10)
    void anAdminAddsAConstrainedNodeAndARealCoapClientPostsWithTheKeyThePageShowedOnce() throws Exception {
        browser.get(base + "#provision");
        awaitText("#pv-nodes-note", "reads this file again within 10 s");
        type("#pv-node-id", "soil-99");
        click("#pv-node-save");
        awaitText("#pv-node-result", "Added soil-99 (psk soil-99)");
        String shown = visible("#pv-node-key").getText();
        Matcher made = Pattern.compile("key +(\\S+)").matcher(shown);
        assertTrue(made.find(), shown);
        String key = made.group(1);
        awaitText("#pv-nodes-table", "soil-99");
        shoot("provisioning-nodes");
        Path keys = gw.state.resolve("coap/node-keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertTrue(Files.readString(keys).contains("\nsoil-99 psk soil-99 text:" + key + "\n"));
        String listed = String.valueOf(fetch("GET", "/api/provision/nodes", null, false).get("body"));
        assertTrue(listed.contains("\"soil-99\"") && !listed.contains(key), "listed, never with its key: " + listed);

        // libcoap's client with that key: refused until the running ingest has read the file again (10 s)
        Matcher dtls = Pattern.compile("dtls: \\{ enabled: true, port: (\\d+) }").matcher(
                Files.readString(dir.resolve("site.yaml")));
        assertTrue(dtls.find(), "the simulated street's coap: section");
        String readings = "coaps://127.0.0.1:" + dtls.group(1) + "/readings";
        Path pack = Files.writeString(dir.resolve("soil-99.json"),
                "[{\"bn\":\"soil-99/\",\"n\":\"moisture\",\"u\":\"%\",\"v\":27.5}]");
        await("a 2.04 for soil-99's post over DTLS", () -> {
            String[] r = coapClient("-m", "post", "-t", "110", "-f", pack.toString(), "-u", "soil-99", "-k", key,
                    "-B", "5", readings);
            return r[0].equals("0") && r[1].isBlank() ? r : null;
        });
        String[] held = coapClient("-u", "soil-99", "-k", key, "-B", "5", readings + "/soil-99");
        assertEquals("0", held[0], held[1]);
        // moisture is soil_moisture in % by the street's coap: quantities
        assertTrue(held[1].contains("\"n\":\"soil_moisture\",\"u\":\"%\",\"v\":27.5"), "the ingest took it: "
                + held[1]);
        String audit = String.valueOf(fetch("GET", "/api/audit", null, false).get("body"));
        assertTrue(audit.contains("\"action\":\"coap-node.add\"") && !audit.contains(key), audit);

        // removed on the page: its line goes (kept in node-keys.previous) and the ingest stops answering it
        String withSoil99 = Files.readString(keys);
        click("button.pv-node-remove[data-node='soil-99']");
        browser.switchTo().alert().accept();
        awaitText("#pv-node-result", "Removed soil-99");
        assertFalse(Files.readString(keys).contains("soil-99"));
        assertEquals(withSoil99, Files.readString(gw.state.resolve("coap/node-keys.previous")));
        // the table is loaded again after the answer
        await("soil-99's row to go", () -> browser.findElements(By.cssSelector(
                "#pv-nodes-table tr[data-node='soil-99']")).isEmpty() ? true : null);
        await("the ingest to refuse soil-99's handshake", () -> {
            String[] r = coapClient("-u", "soil-99", "-k", key, "-B", "5", readings + "/soil-99");
            return r[1].contains("soil_moisture") ? null : r;
        });
    }

    /** Debian's libcoap3-bin client, run to its end: its exit code and everything it printed. */
    private static String[] coapClient(String... args) throws Exception {
        String client = "/usr/bin/coap-client-openssl";
        if (!Files.isExecutable(Path.of(client))) {
            fail(client + " is missing: install Debian's libcoap3-bin, as ./test.sh does");
        }
        Path out = Files.createTempFile(dir, "coap-client", ".out");
        List<String> command = new java.util.ArrayList<>(List.of(client));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("coap-client did not end: " + command);
        }
        return new String[]{String.valueOf(p.exitValue()), Files.readString(out)};
    }

    @Test
    @Order(11)
    void aRequestWithoutTheCsrfTokenIsRefusedAndSoIsAViewersOverride() throws Exception {
        Map<String, Object> noToken = fetch("POST", "/api/override",
                "{\"target\":\"lamp-2\",\"level\":1,\"for\":\"5m\"}", false);
        assertEquals(403, ((Number) noToken.get("status")).intValue());
        assertTrue(String.valueOf(noToken.get("body")).contains("CSRF"), String.valueOf(noToken.get("body")));

        browser.get(base + "#accounts");
        type("#acc-name", "val");
        type("#acc-password", "viewer password");
        new Select(visible("#acc-role")).selectByVisibleText("viewer");
        click("#acc-create");
        awaitText("#acc-result", "Created val (viewer)");
        shoot("accounts");
        click("#logout");
        visible("#login");
        logIn("val", "viewer password");
        awaitText("#whoami", "val (viewer)");
        browser.get(base + "#overrides");
        assertFalse(browser.findElement(By.id("ov-form")).isDisplayed(), "a viewer has no override form");
        long audited = Files.readAllLines(gw.state.resolve("control/audit.log")).size();
        Map<String, Object> refused = fetch("POST", "/api/override", "{\"target\":\"lamp-2\",\"level\":1,\"for\":\"5m\"}",
                true);
        assertEquals(403, ((Number) refused.get("status")).intValue());
        assertTrue(String.valueOf(refused.get("body")).contains("your role (viewer)"), String.valueOf(refused.get("body")));
        assertEquals(audited, Files.readAllLines(gw.state.resolve("control/audit.log")).size(),
                "nothing reached the control");
    }

    @Test
    @Order(12)
    void aBrowserWithoutASessionGetsNothing() throws Exception {
        HttpClient other = HttpClient.newBuilder().sslContext(trustingTheConsoleCertificate()).build();
        for (String path : List.of("/api/overview", "/api/readings", "/api/events", "/api/logs", "/api/audit",
                "/api/site", "/api/updates", "/api/scan", "/api/provision", "/api/provision/csr")) {
            HttpResponse<String> r = other.send(HttpRequest.newBuilder(URI.create(base.replaceAll("/$", "") + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), path + ": " + r.body());
        }
    }

    @Test
    @Order(13)
    void wrongPasswordsLockTheAccount() throws Exception {
        click("#logout");
        visible("#login");
        for (int i = 1; i <= 5; i++) {
            logIn("val", "wrong password " + i);
            awaitText("#login-error", "wrong account or password");
        }
        logIn("val", "viewer password");
        awaitText("#login-error", "account 'val' is locked after too many wrong attempts");
        shoot("locked");
        assertTrue(browser.findElement(By.id("app")).getAttribute("hidden") != null, "still logged out");
    }

    // helpers

    private static String editorText() {
        return String.valueOf(((JavascriptExecutor) browser).executeScript("return document.querySelector('#site-text').value"));
    }

    /** Puts a whole text into the editor, then types a last space and takes it back, as a person edits. */
    private static void typeIntoEditor(String text) {
        ((JavascriptExecutor) browser).executeScript("document.querySelector('#site-text').value = arguments[0]", text);
        WebElement editor = visible("#site-text");
        editor.sendKeys(" ");
        editor.sendKeys(org.openqa.selenium.Keys.BACK_SPACE);
    }

    private static void logIn(String account, String password) {
        type("#login-account", account);
        type("#login-password", password);
        ((JavascriptExecutor) browser).executeScript("document.querySelector('#login-error').textContent = ''");
        click("#login-submit");
    }

    /** A request from the page's own script: with the session's CSRF token when asked, as the page sends it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fetch(String method, String path, String body, boolean withToken) {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const [method, path, body, withToken, done] = arguments;
                const headers = {'Content-Type': 'application/json'};
                (async () => {
                  if (withToken) headers['X-CSRF-Token'] = (await (await fetch('/api/me')).json()).csrf;
                  const r = await fetch(path, {method, headers, body: body || undefined});
                  done({status: r.status, body: await r.text()});
                })();
                """, method, path, body, withToken);
    }

    private static SSLContext trustingTheConsoleCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("console", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(gw.state.resolve("console/console.crt")))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static WebElement visible(String css) {
        return new WebDriverWait(browser, LONG).until(d -> {
            WebElement e = d.findElement(By.cssSelector(css));
            return e.isDisplayed() ? e : null;
        });
    }

    private static void type(String css, String text) {
        WebElement e = visible(css);
        e.clear();
        e.sendKeys(text);
    }

    private static void click(String css) {
        visible(css).click();
    }

    private static void awaitText(String css, String part) {
        try {
            new WebDriverWait(browser, LONG).until(d -> d.findElement(By.cssSelector(css)).getText().contains(part));
        } catch (RuntimeException e) {
            throw new AssertionError("'" + part + "' never appeared in " + css + ", which says '"
                    + browser.findElement(By.cssSelector(css)).getText() + "'\nlog:\n" + gw.logText(), e);
        }
    }

    private static String text(By row, String css) {
        List<WebElement> rows = browser.findElements(row);
        return rows.isEmpty() ? "" : rows.get(0).findElement(By.cssSelector(css)).getText();
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (System.nanoTime() < deadline) {
            T value;
            try {
                value = probe.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                value = null;   // the page redrew the row between finding it and reading it
            }
            if (value != null) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what + "\nlog:\n" + gw.logText());
    }

    private static void shoot(String page) throws Exception {
        for (Map.Entry<String, Dimension> size : Map.of("phone", new Dimension(412, 915),
                "laptop", new Dimension(1280, 800)).entrySet()) {
            browser.manage().window().setSize(size.getValue());
            Path file = SHOTS.resolve(page + "-" + size.getKey() + ".png");
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
        browser.manage().window().setSize(new Dimension(412, 915));
    }

}
