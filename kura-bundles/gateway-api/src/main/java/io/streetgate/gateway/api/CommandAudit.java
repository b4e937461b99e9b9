package io.streetgate.gateway.api;

import java.time.Instant;
import java.util.Collection;

/**
 * Where a command refused before it reached its owner is recorded (stale, unsigned, wrongly signed, over the
 * rate limit, unreadable): the node's audit log, beside the records of what commands changed. The control
 * registers it. A refusal is recorded with bounded detail, never the command's argument values, so that a
 * flood of junk cannot push the records of genuine changes out of the log.
 */
public interface CommandAudit {

    /**
     * @param at            when it was refused (gateway time)
     * @param commandId     the command's id as far as known
     * @param name          its name as far as known, or null
     * @param target        its target as far as known, or null
     * @param origin        who sent it as far as known (what an unsigned command claims)
     * @param argumentNames the names of its arguments (their values are not recorded)
     * @param reason        why it was refused
     */
    void refused(Instant at, String commandId, String name, String target, String origin,
                 Collection<String> argumentNames, String reason);
}
