package io.streetgate.launcher;

import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.site.StandardDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code streetgate config validate FILE}. */
@Command(name = "config", description = "Work with the site file.", subcommands = ConfigCommand.Validate.class)
final class ConfigCommand {

    @Command(name = "validate", description = "Check a site file; exit 0 when valid, 2 when it has problems.")
    static final class Validate implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The site file (YAML)")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            SiteFile.Result result = SiteFile.read(file, StandardDevices.catalog());
            for (Problem p : result.problems()) {
                err.println(p);
            }
            if (result.isValid()) {
                SiteConfig c = result.config().orElseThrow();
                out.printf("%s is valid: node %s, %d bus(es), %d sensor(s)%n", file, c.node().id(), c.buses().size(),
                        c.sensors().size());
                return 0;
            }
            err.printf("%s has %d problem(s)%s%n", file, result.problems().size(),
                    result.config().isPresent() ? "; the entries with problems would not run" : "; it cannot be used");
            return Streetgate.EXIT_BAD_INPUT;
        }
    }
}
