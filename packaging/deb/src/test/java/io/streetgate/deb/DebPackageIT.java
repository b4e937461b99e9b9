package io.streetgate.deb;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .deb as dpkg sees it: control data, layout, modes, conffiles; and the gateway it installs runs. */
class DebPackageIT {

    private static final Path DEB = Path.of(System.getProperty("streetgate.deb"));
    private static final Path HERE = Path.of(".");
    @TempDir
    static Path root;

    /** The package's files as dpkg would install them, under a temporary root. */
    @BeforeAll
    static void extract() throws Exception {
        Command.run(HERE, "dpkg-deb", "-x", DEB.toString(), root.toString()).ok();
    }

    @Test
    void controlDataNamesThePackageItsJavaAndItsConffiles() throws Exception {
        String info = Command.run(HERE, "dpkg-deb", "--info", DEB.toString()).ok().output();
        for (String line : List.of("Package: streetgate", "Architecture: all",
                "Depends: openjdk-17-jre-headless | java17-runtime-headless, adduser", "Version: 0.1.0~snapshot")) {
            assertTrue(info.contains(line), line + " in\n" + info);
        }
        for (String script : List.of("postinst", "prerm", "postrm", "conffiles")) {
            assertTrue(info.contains(" " + script), script + " in\n" + info);
        }
        String conffiles = Command.run(HERE, "dpkg-deb", "--info", DEB.toString(), "conffiles").ok().output();
        assertEquals(List.of("/etc/streetgate/logback.xml", "/etc/streetgate/site.yaml"),
                conffiles.lines().map(String::trim).filter(l -> !l.isEmpty()).sorted().toList());
    }

    @Test
    void layoutAndModes() throws Exception {
        List<String> contents = Command.run(HERE, "dpkg-deb", "--contents", DEB.toString()).ok().output().lines().toList();
        assertHas(contents, "-rwxr-xr-x root/root .* \\./opt/streetgate/bin/streetgate");
        assertHas(contents, "lrwxrwxrwx root/root .* \\./usr/bin/streetgate -> /opt/streetgate/bin/streetgate");
        assertHas(contents, "lrwxrwxrwx root/root .* \\./opt/streetgate/conf/logback.xml -> /etc/streetgate/logback.xml");
        assertHas(contents, "-rw-r--r-- root/root .* \\./opt/streetgate/conf/simulated-street.yaml");
        assertHas(contents, "-rw-r--r-- root/root .* \\./opt/streetgate/lib/streetgate-launcher.jar");
        assertHas(contents, "-rw-r--r-- root/root .* \\./opt/streetgate/bundles/gateway-.*\\.jar");
        assertHas(contents, "-rw-r--r-- root/root .* \\./etc/streetgate/site.yaml");
        assertHas(contents, "-rw-r--r-- root/root .* \\./lib/systemd/system/streetgate.service");
        // root's until postinst hands it over (dpkg-statoverride)
        assertHas(contents, "drwxr-x--- root/root .* \\./var/lib/streetgate/");
    }

    @Test
    void shipsTheWatchdogBundleTheUnitNeeds() throws Exception {
        // Type=notify: without the bundle that sends READY=1, systemd would time the start out
        List<String> contents = Command.run(HERE, "dpkg-deb", "--contents", DEB.toString()).ok().output().lines().toList();
        String missing = "packaging/distribution must list systemd and jna in its bundle.artifacts "
                + "(and systemd in framework.only.artifacts)";
        assertTrue(contents.stream().anyMatch(l -> l.matches(".*\\./opt/streetgate/bundles/systemd-.*\\.jar")), missing);
        assertTrue(contents.stream().anyMatch(l -> l.matches(".*\\./opt/streetgate/bundles/jna-.*\\.jar")), missing);
    }

    @Test
    void theInstalledLauncherValidatesTheSimulatedStreet() throws Exception {
        Path home = root.resolve("opt/streetgate");
        assertTrue(Files.isExecutable(home.resolve("bin/streetgate")));
        Command validate = Command.run(root, home.resolve("bin/streetgate").toString(), "config", "validate",
                home.resolve("conf/simulated-street.yaml").toString());
        assertEquals(0, validate.exitCode(), validate.output());
    }

    @Test
    void holdsNoSimulatorClass() throws Exception {
        // a pole runs on its own hardware: the simulated street is in the distribution archive only
        Path home = root.resolve("opt/streetgate");
        assertFalse(Files.exists(home.resolve("simulator")), "no simulator folder");
        List<Path> jars;
        try (Stream<Path> files = Files.walk(root)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
        }
        assertTrue(jars.size() > 40, "the launcher's and the bundles' jars: " + jars.size());
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                List<String> simulated = file.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith("io/streetgate/sim/")).limit(3).toList();
                assertEquals(List.of(), simulated, root.relativize(jar) + " holds simulator classes");
            }
        }
    }

    @Test
    void theInstalledLauncherSaysItHasNoSimulatedStreet(@TempDir Path state) throws Exception {
        Path home = root.resolve("opt/streetgate");
        for (String command : List.of("run", "selftest --offline")) {
            List<String> args = new ArrayList<>(List.of(home.resolve("bin/streetgate").toString()));
            args.addAll(List.of(command.split(" ")));
            args.addAll(List.of("--simulate", "--state-dir", state.toString()));
            Command refused = Command.run(root, args.toArray(String[]::new));
            assertEquals(2, refused.exitCode(), command + ": " + refused.output());
            assertTrue(refused.output().contains("this installation has no simulated street"),
                    command + ": " + refused.output());
        }
    }

    @Test
    void maintainerScriptsAreValidShell(@TempDir Path control) throws Exception {
        Command.run(HERE, "dpkg-deb", "-e", DEB.toString(), control.toString()).ok();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = control.resolve(script);
            assertTrue(Files.isExecutable(file), script + " is executable");
            Command.run(HERE, "sh", "-n", file.toString()).ok();
        }
    }

    @Test
    void systemdAcceptsTheUnit(@TempDir Path dir) throws Exception {
        assertTrue(Command.installed("systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd; ./test.sh does it as root)");
        // verify checks that ExecStart= is executable: point it at the extracted launcher, change nothing else
        Path shipped = root.resolve("lib/systemd/system/streetgate.service");
        Path unit = dir.resolve("streetgate.service");
        Files.writeString(unit, Files.readString(shipped).replace("ExecStart=/opt/streetgate/",
                "ExecStart=" + root.resolve("opt/streetgate") + "/"));
        Command verify = Command.run(dir, "systemd-analyze", "verify", unit.toString());
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals("", verify.output().strip(), "no warnings (unknown keys are only warned about)");
    }

    @Test
    void theGatewayWantsARootRebootUnitThatSystemdAccepts(@TempDir Path dir) throws Exception {
        assertTrue(Command.installed("systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)");
        List<String> contents = Command.run(HERE, "dpkg-deb", "--contents", DEB.toString()).ok().output().lines().toList();
        assertHas(contents, "-rw-r--r-- root/root .* \\./lib/systemd/system/streetgate-reboot\\.path");
        assertHas(contents, "-rw-r--r-- root/root .* \\./lib/systemd/system/streetgate-reboot\\.service");
        Path system = root.resolve("lib/systemd/system");
        assertTrue(Files.readString(system.resolve("streetgate.service")).contains("\nWants=streetgate-reboot.path\n"));
        for (String unit : List.of("streetgate-reboot.path", "streetgate-reboot.service")) {
            Files.copy(system.resolve(unit), dir.resolve(unit));
        }
        Command verify = Command.run(dir, "systemd-analyze", "verify", "streetgate-reboot.path", "streetgate-reboot.service");
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals("", verify.output().strip(), "no warnings (unknown keys are only warned about)");
        String path = Files.readString(dir.resolve("streetgate-reboot.path"));
        assertTrue(path.contains("\nPathExists=/var/lib/streetgate/ota/reboot-requested\n"), "the file RebootRequest writes");
    }

    /**
     * The reboot unit's command as systemd runs it ({@code $$} is a dollar), on a request file in a test folder and
     * with a {@code systemctl} that only logs: a request of this boot reboots, a try-boot with the firmware's
     * argument, and a request left from an earlier boot is deleted without a reboot. Rebooting itself needs a real
     * systemd (PID 1), which the test machine does not run.
     */
    @Test
    void theRebootUnitRebootsOnceOnARequestOfThisBootOnly(@TempDir Path dir) throws Exception {
        String unit = Files.readString(root.resolve("lib/systemd/system/streetgate-reboot.service"));
        String exec = unit.lines().filter(l -> l.startsWith("ExecStart=/bin/sh -c '")).findFirst().orElseThrow();
        Path request = dir.resolve("reboot-requested");
        String script = exec.substring(exec.indexOf('\'') + 1, exec.lastIndexOf('\'')).replace("$$", "$")
                .replace("/var/lib/streetgate/ota/reboot-requested", request.toString());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("systemctl.log");
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\necho \"$@\" >> " + log + "\n");
        Files.setPosixFilePermissions(bin.resolve("systemctl"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String thisBoot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        String[] run = {"env", "PATH=" + bin + ":/usr/bin:/bin", "sh", "-c", script};

        Files.writeString(request, "tryboot " + thisBoot + "\n");
        Command.run(dir, run).ok();
        assertEquals("--no-block reboot --reboot-argument=0 tryboot\n", Files.readString(log));
        assertFalse(Files.exists(request), "acted on once");

        Files.writeString(request, "reboot 00000000-0000-0000-0000-000000000000\n");
        Command.run(dir, run).ok();
        assertFalse(Files.exists(request));
        assertEquals("--no-block reboot --reboot-argument=0 tryboot\n", Files.readString(log), "an old boot's request: no reboot");

        Files.writeString(request, "reboot " + thisBoot + "\n");
        Command.run(dir, run).ok();
        assertEquals("--no-block reboot --reboot-argument=0 tryboot\n--no-block reboot\n", Files.readString(log));
    }

    @Test
    void systemdRatesTheUnitsExposureAtMostTwo(@TempDir Path dir) throws Exception {
        assertTrue(Command.installed("systemd-analyze"), "systemd-analyze is not installed (apt-get install systemd)");
        Path unit = dir.resolve("streetgate.service");
        Files.copy(root.resolve("lib/systemd/system/streetgate.service"), unit);
        Command security = Command.run(dir, "systemd-analyze", "security", "--offline=yes", unit.toString());
        Matcher level = Pattern.compile("Overall exposure level for streetgate.service: (\\d+\\.\\d)").matcher(security.output());
        assertTrue(level.find(), security.output());
        assertTrue(Double.parseDouble(level.group(1)) <= 2.0, "exposure " + level.group(1) + "\n" + security.output());
    }

    private static void assertHas(List<String> contents, String regex) {
        Pattern pattern = Pattern.compile(regex);
        assertTrue(contents.stream().anyMatch(l -> pattern.matcher(l).matches()),
                regex + " in\n" + String.join("\n", contents.subList(0, Math.min(contents.size(), 40))));
    }

}
