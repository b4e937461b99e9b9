package io.streetgate.ota.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** What every repository subcommand shares: {@code --repo}, the parent (for its clock) and the output streams. */
abstract class RepoCommand {
    @Mixin
    RepoOptions repo;
    @ParentCommand
    OtaCommand parent;
    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
