package io.streetgate.uplink.link;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;

/** Turns what Paho throws on connect into a {@link LinkException} an operator can act on. */
final class Failures {

    /** org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_INVALID_RETURN_CODE */
    private static final int PAHO5_INVALID_RETURN_CODE = 50001;

    private Failures() {
    }

    static LinkException classify(Throwable e, LinkSettings s, int mqttCode, boolean v5) {
        String where = s.broker().toString();
        // MQTT 5.0 section 3.2.2.2 (CONNACK reason codes 0x86 bad user name or password, 0x87 not authorized,
        // 0x85 client identifier not valid) / MQTT 3.1.1 section 3.2.2.3 (return codes 4, 5, 2); mosquitto 2
        // answers a wrong password with "not authorized"
        // MQTT 5.0 section 3.1.2.2: a server without MQTT 5 answers 0x84 (unsupported protocol version), or as a
        // 3.1.1 server would, with return code 1, which Paho's MQTT 5 client reports as an invalid return code
        if (v5 && (mqttCode == 0x84 || mqttCode == PAHO5_INVALID_RETURN_CODE)) {
            return new LinkException(LinkException.Kind.UNSUPPORTED_PROTOCOL, "broker " + where + " does not speak "
                    + "MQTT 5 (its CONNACK: " + (mqttCode == 0x84 ? "unsupported protocol version" : "an MQTT 3.1.1 "
                    + "refusal") + "); set uplink.protocol: 3.1.1", e);
        }
        boolean badLogin = v5 ? mqttCode == 0x86 : mqttCode == 4;
        boolean notAuthorized = v5 ? mqttCode == 0x87 || mqttCode == 0x85 : mqttCode == 5 || mqttCode == 2;
        if (badLogin || notAuthorized) {
            String who = s.username() != null ? "user '" + s.username() + "'" : "client " + s.clientId();
            return new LinkException(badLogin ? LinkException.Kind.BAD_CREDENTIALS : LinkException.Kind.NOT_AUTHORIZED,
                    "broker " + where + " refused the login of " + who + " (" + (badLogin
                            ? "bad user name or password" : "not authorized") + ", MQTT code " + mqttCode
                            + "); check uplink.username, the password file and, if the broker wants one, the client "
                            + "certificate", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (t instanceof CertificateException && (text.contains("No subject alternative")
                    || text.contains("No name matching"))) {
                return new LinkException(LinkException.Kind.WRONG_HOST_IN_CERTIFICATE, "the certificate of " + where
                        + " does not name host " + s.broker().getHost() + " (" + text + "); connect by a name the "
                        + "certificate carries", e);
            }
            if (t instanceof CertPathValidatorException || text.contains("PKIX path")
                    || text.contains("unable to find valid certification path")) {
                return new LinkException(LinkException.Kind.UNTRUSTED_CERTIFICATE, "the certificate of " + where
                        + " is not signed by a trusted CA (uplink.ca-file); refusing to connect", e);
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new LinkException(LinkException.Kind.TLS, "TLS with " + where + " failed: " + t.getMessage(), e);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return new LinkException(LinkException.Kind.UNREACHABLE, "broker " + where + " unreachable: " + t, e);
            }
        }
        return new LinkException(LinkException.Kind.OTHER, "connecting to " + where + " failed: " + e
                + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), e);
    }
}
