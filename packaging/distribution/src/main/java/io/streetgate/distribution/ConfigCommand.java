package io.streetgate.distribution;

import io.streetgate.driver.DeviceType;
import io.streetgate.driver.OptionSpec;
import io.streetgate.site.Problem;
import io.streetgate.site.SiteConfig;
import io.streetgate.site.SiteFile;
import io.streetgate.driver.DeviceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code streetgate config validate FILE}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the site file.",
        subcommands = {ConfigCommand.Validate.class, ConfigCommand.Types.class})
final class ConfigCommand {

    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a site file; exit 0 when valid, 2 when it has problems.")
    static final class Validate implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The site file (YAML)")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            SiteFile.Result result = SiteFile.read(file, DeviceCatalog.installed());
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

    @Command(name = "types", mixinStandardHelpOptions = true, description = "List the device types this gateway knows, with their bus, address "
            + "and options.")
    static final class Types implements Callable<Integer> {

        @Option(names = "--markdown", description = "Print a Markdown table (as in docs/site-file.md)")
        boolean markdown;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.print(markdown ? markdown() : text());
            out.flush();
            return 0;
        }

        static String text() {
            StringBuilder sb = new StringBuilder();
            for (DeviceType t : DeviceCatalog.installed().types()) {
                sb.append(t.name()).append(": ").append(t.description()).append('\n');
                sb.append("  bus: ").append(String.join(" or ", t.busKinds()));
                if (t.addressing().key() != null) {
                    sb.append(", ").append(t.addressing().key()).append(": ").append(t.addressing().describeValid());
                }
                sb.append('\n');
                sb.append("  reports: ").append(String.join(", ", t.quantities().stream()
                        .map(q -> q.name() + (q.unit().senml().isEmpty() ? "" : " (" + q.unit().senml() + ")")).toList()))
                        .append('\n');
                for (OptionSpec o : t.options()) {
                    sb.append("  options.").append(o.name()).append(": ").append(valid(o))
                            .append(o.defaultValue() == null ? ", required" : ", default " + o.defaultValue())
                            .append(" - ").append(o.description()).append('\n');
                }
            }
            return sb.toString();
        }

        static String markdown() {
            StringBuilder sb = new StringBuilder("| type | bus | address | option | valid | default |\n"
                    + "|---|---|---|---|---|---|\n");
            for (DeviceType t : DeviceCatalog.installed().types()) {
                String address = t.addressing().key() == null ? "" : "`" + t.addressing().key() + "` "
                        + t.addressing().describeValid();
                String first = "| `" + t.name() + "` | " + String.join(", ", t.busKinds()) + " | " + address + " | ";
                if (t.options().isEmpty()) {
                    sb.append(first).append(" | | |\n");
                }
                for (int i = 0; i < t.options().size(); i++) {
                    OptionSpec o = t.options().get(i);
                    sb.append(i == 0 ? first : "| | | | ").append('`').append(o.name()).append("` | ")
                            .append(valid(o).replace("|", "\\|")).append(" | ")
                            .append(o.defaultValue() == null ? "required" : o.defaultValue()).append(" |\n");
                }
            }
            return sb.toString();
        }

        private static String valid(OptionSpec o) {
            return switch (o.kind()) {
                case CHOICE, BOOLEAN -> String.join(", ", o.allowed());
                case INTEGER -> (long) o.min() + ".." + (long) o.max();
                case DECIMAL -> o.min() + ".." + o.max();
                case DURATION -> io.streetgate.driver.Durations.format(java.time.Duration.ofMillis((long) o.min()))
                        + ".." + io.streetgate.driver.Durations.format(java.time.Duration.ofMillis((long) o.max()));
                case TEXT -> "text";
            };
        }
    }
}
