package io.streetgate.ota.agent;

/**
 * Called as the agent reaches each step ({@link UpdateAgent#STEPS}); power-loss tests throw from it to stop the
 * agent there, exactly as a power cut would (nothing after that point runs; the journal holds what was written).
 */
@FunctionalInterface
public interface StepHook {
    StepHook NONE = step -> { };

    void at(String step);
}
