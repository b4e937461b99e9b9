package io.streetgate.provision;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a provisioning run or check, as the CLI prints it and the console shows it: the exit code of
 * {@code streetgate provision} (0 done or ready, 1 refused or failed, 2 bad usage or input) and the report, or
 * the refusal with its details when nothing was changed.
 */
public final class Outcome {
    private final int exit;
    private final Report report;
    private final String error;
    private final List<String> details;

    private Outcome(int exit, Report report, String error, List<String> details) {
        this.exit = exit;
        this.report = report;
        this.error = error;
        this.details = List.copyOf(details);
    }

    static Outcome of(int exit, Report report) {
        return new Outcome(exit, report, null, List.of());
    }

    static Outcome refused(Refused refused) {
        return new Outcome(refused.exitCode(), new Report("provision"), refused.getMessage(), refused.details());
    }

    /**
     * The same outcome with files named as the user knows them: a refusal about a file the caller made for the
     * moment (the console's pasted certificate) names what was pasted, not that file.
     */
    public Outcome naming(Map<Path, String> names) {
        if (error == null || names.isEmpty()) {
            return this;
        }
        return new Outcome(exit, report, named(error, names), details.stream().map(d -> named(d, names)).toList());
    }

    private static String named(String text, Map<Path, String> names) {
        String named = text;
        for (Map.Entry<Path, String> n : names.entrySet()) {
            named = named.replace(n.getKey().toString(), n.getValue());
        }
        return named;
    }

    public int exit() {
        return exit;
    }

    /** Whether it was done (a check: whether the node is fully provisioned). */
    public boolean ok() {
        return exit == Provisioning.OK;
    }

    /** The refusal's message when nothing was changed, else null. */
    public String error() {
        return error;
    }

    public List<String> details() {
        return details;
    }

    /** The areas a run made, changed or removed. */
    public List<String> changed() {
        return report.changedAreas();
    }

    /** The report at 60 columns; a refusal as {@code provision: ...} with its details. */
    public String text() {
        if (error == null) {
            return report.text(report.footer());
        }
        StringBuilder text = new StringBuilder(); // a pole's small screen: 60 columns, like the summary
        Report.wrap("provision: " + error, "  ", text);
        details.forEach(d -> Report.wrap("  " + d, "    ", text));
        return text.toString();
    }

    /** The same as JSON: ok, exit, one item per area, notes, facts; error and details for a refusal. */
    public Map<String, Object> json() {
        return new LinkedHashMap<>(report.json(exit, error, details));
    }

    /** The report's footer ("changed: cert", "ready: fully provisioned"); null for a refusal. */
    public String footer() {
        return error == null ? report.footer() : null;
    }
}
