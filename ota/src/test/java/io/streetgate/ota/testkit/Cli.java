package io.streetgate.ota.testkit;

import io.streetgate.ota.cli.OtaCommand;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;

/** Runs {@code ota ...} in-process and captures its output. */
public final class Cli {
    public record Result(int code, String out, String err) {
        public Result ok() {
            if (code != 0) {
                throw new AssertionError("exit " + code + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }

    private Cli() {
    }

    public static Result ota(Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OtaCommand.run(clock, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }
}
