package io.streetgate.ota.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "campaign", mixinStandardHelpOptions = true, description = "Phased roll-outs (see `ota campaign --help`).")
final class CampaignCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return OtaCommand.OK;
    }
}
