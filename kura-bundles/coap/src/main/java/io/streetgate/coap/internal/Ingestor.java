package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.senml.MeasurementMapping;
import io.streetgate.coap.senml.SenmlDecoder;
import io.streetgate.coap.senml.SenmlException;
import io.streetgate.coap.senml.SenmlFormat;
import io.streetgate.coap.senml.SenmlRecord;
import io.streetgate.coap.internal.IngestCounters.Outcome;
import io.streetgate.driver.Measurement;
import io.streetgate.gateway.api.MeasurementSink;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a POST of readings does, apart from the CoAP transport: checks the content format, who may post for
 * which node and the payload, and hands the readings to the pipeline. A request is ingested whole or not at
 * all; every refusal has a CoAP code (RFC 7252 section 5.9), a diagnostic payload and a counter.
 */
final class Ingestor {

    /**
     * Who sent a request.
     *
     * @param nodeId the node its DTLS identity belongs to; null over plain CoAP (no identity)
     * @param secure whether it came over DTLS
     */
    record Peer(String nodeId, boolean secure) {
        static Peer plain() {
            return new Peer(null, false);
        }
    }

    /**
     * The answer: a response code, a diagnostic payload (empty when there is nothing to say) and, for 4.29, the
     * seconds after which the node may try again (RFC 8516 section 3: as Max-Age; -1 for none).
     */
    record Reply(ResponseCode code, String diagnostic, long retryAfterSeconds) {
        Reply(ResponseCode code, String diagnostic) {
            this(code, diagnostic, -1);
        }
    }

    private final NodeKeys keys;
    private final NodeBudgets budgets;
    private final SenmlDecoder decoder;
    private final MeasurementMapping mapping;
    private final MeasurementSink sink;
    private final LatestReadings latest;
    private final IngestCounters counters;
    private final Clock clock;

    Ingestor(NodeKeys keys, NodeLimits limits, SenmlDecoder decoder, MeasurementMapping mapping,
             MeasurementSink sink, LatestReadings latest, IngestCounters counters, Clock clock) {
        this.keys = keys;
        this.budgets = new NodeBudgets(limits);
        this.decoder = decoder;
        this.mapping = mapping;
        this.sink = sink;
        this.latest = latest;
        this.counters = counters;
        this.clock = clock;
    }

    NodeKeys keys() {
        return keys;
    }

    NodeBudgets budgets() {
        return budgets;
    }

    /**
     * Handles a POST.
     *
     * @param pathNode      the node named by the path ({@code /readings/<node>}), or null for {@code /readings}
     * @param contentFormat the request's Content-Format, -1 when it has none
     */
    Reply post(Peer peer, String pathNode, int contentFormat, byte[] payload) {
        Instant now = clock.instant();
        Optional<SenmlFormat> format = SenmlFormat.ofContentFormat(contentFormat);
        if (format.isEmpty()) {
            String given = contentFormat < 0 ? "none" : Integer.toString(contentFormat);
            return refuse(Outcome.UNSUPPORTED_FORMAT, ResponseCode.UNSUPPORTED_CONTENT_FORMAT, now,
                    "Content-Format " + given + " is not accepted: use 110 (application/senml+json) or 112 "
                            + "(application/senml+cbor)");
        }
        if (peer.secure() && pathNode != null && !pathNode.equals(peer.nodeId())) {
            return refuse(Outcome.FOREIGN_NAME, ResponseCode.FORBIDDEN, now,
                    "node " + peer.nodeId() + " may not post readings for node " + pathNode);
        }
        if (!peer.secure() && pathNode != null && !keys.isPlain(pathNode)) {
            return unknownPlainNode(pathNode, now);
        }
        String nodeId = peer.secure() ? peer.nodeId() : pathNode;
        // the bucket is taken before the payload is read: a flood costs the gateway as little as it can
        Reply limited = nodeId == null ? null : rateLimit(nodeId, now);
        if (limited != null) {
            return limited;
        }
        List<SenmlRecord> records;
        try {
            records = decoder.decode(payload, format.get(), now);
        } catch (SenmlException e) {
            return e.reason() == SenmlException.Reason.TOO_LARGE
                    ? refuse(Outcome.TOO_LARGE, ResponseCode.REQUEST_ENTITY_TOO_LARGE, now, e.getMessage())
                    : refuse(Outcome.MALFORMED, ResponseCode.BAD_REQUEST, now, e.getMessage());
        } catch (RuntimeException e) {
            // the decoder names every rule it knows; anything else it meets is still the payload's fault
            return refuse(Outcome.MALFORMED, ResponseCode.BAD_REQUEST, now, "the payload cannot be read as SenML: "
                    + e.getMessage());
        }
        if (nodeId == null) {
            nodeId = keys.ownerOf(records.get(0).name()).orElse(null);
            if (nodeId == null) {
                return refuse(Outcome.UNKNOWN_NODE, ResponseCode.UNAUTHORIZED, now, "over plain CoAP a post must "
                        + "name its node: POST /readings/<node-id>, or names under a base name '<node-id>/'");
            }
            if (!keys.isPlain(nodeId)) {
                return unknownPlainNode(nodeId, now);
            }
            limited = rateLimit(nodeId, now);
            if (limited != null) {
                return limited;
            }
        }
        Optional<String> foreign = firstForeignName(nodeId, records);
        if (foreign.isPresent()) {
            return refuse(Outcome.FOREIGN_NAME, ResponseCode.FORBIDDEN, now, "node " + nodeId
                    + " may only post names under '" + nodeId + "/', not '" + foreign.get() + "'");
        }
        Optional<String> unreal = mapping.firstOutOfRange(nodeId, records);
        if (unreal.isPresent()) {
            return refuse(Outcome.MALFORMED, ResponseCode.BAD_REQUEST, now, unreal.get());
        }
        MeasurementMapping.Result result = mapping.map(nodeId, records);
        List<String> series = result.measurements().stream().map(LatestReadings::seriesName).distinct().toList();
        int held = budgets.holdSeries(nodeId, series, now);
        if (held >= 0) {
            NodeLimits limits = budgets.limits();
            return refuse(Outcome.SERIES_CAP, ResponseCode.FORBIDDEN, now, "node " + nodeId + " holds " + held
                    + " series; this pack's new ones would take it above its cap of " + limits.maxSeries()
                    + " series (site file coap.limits.max-series); a series it stops posting frees its place after "
                    + limits.seriesIdle().toHours() + " h");
        }
        try {
            for (Measurement m : result.measurements()) {
                sink.accept(m);
            }
        } catch (RuntimeException e) {
            return refuse(Outcome.SINK_FAILED, ResponseCode.SERVICE_UNAVAILABLE, now,
                    "the gateway could not take the readings: " + e.getMessage());
        }
        counters.accepted(result);
        latest.update(nodeId, result.measurements());
        if (result.skipped().isEmpty()) {
            return new Reply(ResponseCode.CHANGED, "");
        }
        return new Reply(ResponseCode.CHANGED, result.measurements().size() + " readings, skipped "
                + result.skipped());
    }

    private Reply unknownPlainNode(String nodeId, Instant now) {
        return refuse(Outcome.UNKNOWN_NODE, ResponseCode.UNAUTHORIZED, now, "node '" + nodeId
                + "' may not post over plain CoAP: provision it ('" + nodeId + " plain' in the key file) or use DTLS");
    }

    /**
     * The first name the node may not post: one that a provisioned node owns (its id, or a name under it) when
     * that node is not this one. The owner is the longest provisioned id, so node {@code x:y} cannot post under
     * node {@code x:y:z}; names of one segment belong to the node that posts them.
     */
    private Optional<String> firstForeignName(String nodeId, List<SenmlRecord> records) {
        Optional<String> foreign = MeasurementMapping.firstForeignName(nodeId, records);
        if (foreign.isPresent()) {
            return foreign;
        }
        return records.stream().map(SenmlRecord::name)
                .filter(name -> keys.ownerOf(name).filter(owner -> !owner.equals(nodeId)).isPresent()).findFirst();
    }

    /** Null when the node has a token left, else the 4.29 (RFC 8516) with when to try again. */
    private Reply rateLimit(String nodeId, Instant now) {
        if (nodeId.isEmpty()) {
            return null;   // an identity without a node is refused for its names, and has no bucket
        }
        long retry = budgets.takeToken(nodeId, now);
        if (retry == 0) {
            return null;
        }
        NodeLimits limits = budgets.limits();
        String diagnostic = "node " + nodeId + " sent more than " + limits.burst() + " requests at once or more than "
                + limits.ratePerSecond() + " a second (site file coap.limits.rate and burst); try again in "
                + retry + " s";
        counters.count(Outcome.RATE_LIMITED, now, diagnostic);
        return new Reply(ResponseCode.TOO_MANY_REQUESTS, diagnostic, retry);
    }

    private Reply refuse(Outcome outcome, ResponseCode code, Instant now, String diagnostic) {
        counters.count(outcome, now, diagnostic);
        return new Reply(code, diagnostic);
    }
}
