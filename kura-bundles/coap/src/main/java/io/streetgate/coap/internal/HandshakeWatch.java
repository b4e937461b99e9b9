package io.streetgate.coap.internal;

import io.streetgate.coap.internal.IngestCounters.Outcome;
import org.eclipse.californium.scandium.AlertHandler;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed DTLS handshakes by their cause. Scandium answers neither an unknown PSK identity nor a wrong
 * key with an alert (so that a prober learns nothing, as RFC 4279 section 2 leaves open): the first is
 * reported to the alert handler, the second shows as a record that fails its MAC check while the handshake is
 * under way. A handshake with a wrong key is closed at once (its retransmissions would otherwise hold it for
 * half a minute); either is counted once, not again when the handshake times out.
 */
final class HandshakeWatch extends SessionAdapter implements AlertHandler, ConnectionListener {

    private final IngestCounters counters;
    private final Clock clock;
    /** Peers whose failing handshake is already counted; bounded, the oldest goes. */
    private final Map<InetSocketAddress, Boolean> counted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Boolean> eldest) {
            return size() > 1024;
        }
    };

    HandshakeWatch(IngestCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public void onAlert(InetSocketAddress peer, AlertMessage alert) {
        if (alert.getDescription() == AlertDescription.UNKNOWN_PSK_IDENTITY) {
            countOnce(peer, Outcome.HANDSHAKE_UNKNOWN_IDENTITY, "unknown PSK identity from " + peer);
        }
    }

    @Override
    public boolean onConnectionMacError(Connection connection) {
        if (connection.hasOngoingHandshake()) {
            countOnce(connection.getPeerAddress(), Outcome.HANDSHAKE_WRONG_KEY,
                    "handshake records from " + connection.getPeerAddress() + " fail their MAC check (wrong key)");
            return true;
        }
        return false;   // on an established connection a forged datagram must not close it
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        InetSocketAddress peer = handshaker.getPeerAddress();
        synchronized (counted) {
            if (counted.remove(peer) != null) {
                return;
            }
        }
        AlertDescription alert = error instanceof HandshakeException h && h.getAlert() != null
                ? h.getAlert().getDescription() : null;
        if (alert == AlertDescription.BAD_CERTIFICATE || alert == AlertDescription.CERTIFICATE_UNKNOWN) {
            // a raw public key that is not in the key file
            counters.count(Outcome.HANDSHAKE_UNKNOWN_IDENTITY, clock.instant(), "untrusted public key from " + peer);
        } else if (alert == AlertDescription.DECRYPT_ERROR || alert == AlertDescription.BAD_RECORD_MAC) {
            counters.count(Outcome.HANDSHAKE_WRONG_KEY, clock.instant(), "from " + peer + ": " + alert);
        } else {
            counters.count(Outcome.HANDSHAKE_FAILED, clock.instant(), "from " + peer + ": "
                    + (alert != null ? alert : error.getMessage()));
        }
    }

    private void countOnce(InetSocketAddress peer, Outcome outcome, String reason) {
        synchronized (counted) {
            if (counted.put(peer, Boolean.TRUE) != null) {
                return;
            }
        }
        counters.count(outcome, clock.instant(), reason);
    }

    @Override
    public void onConnectionEstablished(Connection connection) {
    }

    @Override
    public void onConnectionRemoved(Connection connection) {
    }

    @Override
    public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
        return false;
    }

    @Override
    public void beforeExecution(Connection connection) {
    }

    @Override
    public void updateExecution(Connection connection) {
    }

    @Override
    public void afterExecution(Connection connection) {
    }
}
