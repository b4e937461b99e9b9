package io.streetgate.coap.internal;

import io.streetgate.coap.NodeKeys;
import io.streetgate.coap.senml.SenmlEncoder;
import io.streetgate.coap.senml.SenmlFormat;
import io.streetgate.coap.senml.SenmlRecord;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /readings}: POST a SenML pack; {@code /readings/<node>}: POST a node's pack, GET (and observe) the
 * node's last values. Node resources exist for provisioned nodes only; a request for any other name gets a
 * transient resource that refuses it.
 */
final class ReadingsResource extends CoapResource {

    static final String NAME = "readings";

    private final Ingestor ingestor;
    private final SenmlEncoder encoder = new SenmlEncoder();
    private final LatestReadings latest;
    private final Map<String, NodeResource> nodes = new ConcurrentHashMap<>();

    ReadingsResource(Ingestor ingestor, LatestReadings latest) {
        super(NAME);
        this.ingestor = ingestor;
        this.latest = latest;
        getAttributes().setTitle("SenML readings of constrained nodes");
        getAttributes().addContentType(SenmlFormat.JSON.contentFormat());
        getAttributes().addContentType(SenmlFormat.CBOR.contentFormat());
        for (String nodeId : ingestor.keys().nodes().keySet()) {
            NodeResource node = new NodeResource(nodeId, true);
            nodes.put(nodeId, node);
            add(node);
        }
    }

    /** Tells a node's observers that its values changed. */
    void changed(String nodeId) {
        NodeResource node = nodes.get(nodeId);
        if (node != null) {
            node.changed();
        }
    }

    @Override
    public Resource getChild(String name) {
        Resource child = super.getChild(name);
        return child != null ? child : new NodeResource(name, false);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
        post(exchange, null);
    }

    private void post(CoapExchange exchange, String pathNode) {
        Ingestor.Reply reply = ingestor.post(peer(exchange), pathNode, exchange.getRequestOptions().getContentFormat(),
                exchange.getRequestPayload());
        if (reply.retryAfterSeconds() >= 0) {
            // RFC 8516 section 3: a 4.29 carries in Max-Age when the client may send again
            exchange.setMaxAge(reply.retryAfterSeconds());
        }
        respond(exchange, reply.code(), reply.diagnostic());
    }

    private static void respond(CoapExchange exchange, ResponseCode code, String diagnostic) {
        if (diagnostic.isEmpty()) {
            exchange.respond(code);
        } else {
            // RFC 7252 section 5.5.2: a diagnostic payload is UTF-8 text for people, without a Content-Format
            exchange.respond(code, diagnostic.getBytes(StandardCharsets.UTF_8), MediaTypeRegistry.UNDEFINED);
        }
    }

    /** Who sent the request: the node of its DTLS identity, or an anonymous peer over plain CoAP. */
    private Ingestor.Peer peer(CoapExchange exchange) {
        Principal principal = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
        String scheme = exchange.advanced().getEndpoint().getUri().getScheme();
        if (!CoAP.COAP_SECURE_URI_SCHEME.equals(scheme)) {
            return Ingestor.Peer.plain();
        }
        NodeKeys keys = ingestor.keys();
        String nodeId = null;
        if (principal instanceof PreSharedKeyIdentity psk) {
            nodeId = keys.nodeOfPskIdentity(psk.getIdentity()).orElse(null);
        } else if (principal instanceof RawPublicKeyIdentity rpk) {
            nodeId = keys.nodeOfPublicKey(rpk.getKey()).orElse(null);
        }
        // an identity without a node (removed from the key file since the handshake) owns no name
        return new Ingestor.Peer(nodeId == null ? "" : nodeId, true);
    }

    /** {@code /readings/<node>}. */
    private final class NodeResource extends CoapResource {

        private final boolean provisioned;

        NodeResource(String nodeId, boolean provisioned) {
            super(nodeId);
            this.provisioned = provisioned;
            if (provisioned) {
                setObservable(true);
                setObserveType(CoAP.Type.CON);
                getAttributes().setObservable();
                getAttributes().addContentType(SenmlFormat.JSON.contentFormat());
                getAttributes().addContentType(SenmlFormat.CBOR.contentFormat());
            } else {
                setVisible(false);
            }
        }

        @Override
        public Resource getChild(String name) {
            return null;
        }

        @Override
        public void handlePOST(CoapExchange exchange) {
            post(exchange, getName());
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            if (!provisioned) {
                respond(exchange, ResponseCode.NOT_FOUND, "no node '" + getName() + "' is provisioned");
                return;
            }
            Ingestor.Peer peer = peer(exchange);
            if (peer.secure() && !getName().equals(peer.nodeId())) {
                respond(exchange, ResponseCode.FORBIDDEN, "node " + peer.nodeId() + " may not read node " + getName());
                return;
            }
            int accept = exchange.getRequestOptions().getAccept();
            SenmlFormat format = accept < 0 ? SenmlFormat.JSON : SenmlFormat.ofContentFormat(accept).orElse(null);
            if (format == null) {
                respond(exchange, ResponseCode.NOT_ACCEPTABLE, "Accept " + accept + " is not offered: use 110 "
                        + "(application/senml+json) or 112 (application/senml+cbor)");
                return;
            }
            List<SenmlRecord> values = latest.of(getName());
            String base = getName() + "/";
            boolean allUnder = values.stream().allMatch(r -> r.name().startsWith(base));
            exchange.respond(ResponseCode.CONTENT, encoder.encode(allUnder ? base : "", values, format),
                    format.contentFormat());
        }
    }
}
