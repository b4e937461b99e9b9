package io.streetgate.distribution;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The uplink's peer for the runtime tests: a test CA and a broker certificate for localhost made with the
 * JDK's keytool, and mosquitto 2 on 127.0.0.1 with TLS, a password file (mosquitto_passwd) and persistence,
 * started and stopped by the process id this class started.
 */
final class UplinkPeers implements AutoCloseable {

    static final String USER = "pole-0042";
    static final String PASSWORD = "s3cret-Pole";

    final Path dir;
    final Path caPem;
    final int port;
    private final Path config;
    private Process broker;

    private UplinkPeers(Path dir, Path caPem, Path config, int port) {
        this.dir = dir;
        this.caPem = caPem;
        this.config = config;
        this.port = port;
    }

    static UplinkPeers start(Path dir) throws Exception {
        for (String binary : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto_passwd")) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new AssertionError(binary + " is missing: install the Debian package 'mosquitto'");
            }
        }
        Files.createDirectories(dir);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String ca = dir.resolve("ca.p12").toString();
        String server = dir.resolve("server.p12").toString();
        run(keytool, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=streetgate runtime test CA", "-ext", "bc:c", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", ca, "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", "changeit", "-file",
                dir.resolve("ca.pem").toString());
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", server, "-storepass", "changeit");
        run(keytool, "-certreq", "-alias", "server", "-keystore", server, "-storepass", "changeit", "-file",
                dir.resolve("server.csr").toString());
        run(keytool, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", "changeit", "-infile",
                dir.resolve("server.csr").toString(), "-outfile", dir.resolve("server.pem").toString(), "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-ext", "EKU=serverAuth", "-validity", "2");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(server))) {
            ks.load(in, "changeit".toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("server", "changeit".toCharArray());
        Files.writeString(dir.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path passwd = dir.resolve("passwd");
        run("/usr/bin/mosquitto_passwd", "-c", "-b", passwd.toString(), USER, PASSWORD);
        run("/usr/bin/mosquitto_passwd", "-b", passwd.toString(), "ops", "ops-pass");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, ("root".equals(System.getProperty("user.name")) ? "user root\n" : "")
                + "listener " + port + " 127.0.0.1\n"
                + "cafile " + dir.resolve("ca.pem") + "\ncertfile " + dir.resolve("server.pem") + "\nkeyfile "
                + dir.resolve("server.key") + "\npassword_file " + passwd + "\nallow_anonymous false\n"
                + "persistence true\npersistence_location " + dir + "/\nmax_queued_messages 0\n"
                + "log_dest file " + dir.resolve("mosquitto.log") + "\n");
        UplinkPeers peers = new UplinkPeers(dir, dir.resolve("ca.pem"), config, port);
        peers.startBroker();
        return peers;
    }

    String url() {
        return "ssl://localhost:" + port;
    }

    /** The site file's uplink section for this broker. */
    String siteSection(String format, Path passwordFile) {
        return "\nuplink:\n  broker: " + url() + "\n  username: " + USER + "\n  password-file: " + passwordFile
                + "\n  ca-file: " + caPem + "\n  format: " + format + "\n  group: harbour\n"
                + "  reconnect: { min: 200ms, max: 2s }\n";
    }

    SSLSocketFactory tls() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c.getSocketFactory();
    }

    /** A PKCS#12 trust store (password changeit) holding the test CA, for a JVM's javax.net.ssl.trustStore. */
    Path trustStore() throws Exception {
        Path file = dir.resolve("ca-trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (var out = Files.newOutputStream(file)) {
            trust.store(out, "changeit".toCharArray());
        }
        return file;
    }

    /**
     * TLS for a server on loopback with the broker's key and its CA-signed certificate (server.pem: it names
     * localhost and 127.0.0.1); server.p12 holds the key with keytool's self-signed certificate only.
     */
    SSLContext serverTls() throws Exception {
        KeyStore generated = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            generated.load(in, "changeit".toCharArray());
        }
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        java.security.cert.Certificate[] chain = new java.security.cert.Certificate[2];
        try (InputStream server = Files.newInputStream(dir.resolve("server.pem"));
             InputStream ca = Files.newInputStream(caPem)) {
            chain[0] = x509.generateCertificate(server);
            chain[1] = x509.generateCertificate(ca);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", generated.getKey("server", "changeit".toCharArray()), "changeit".toCharArray(), chain);
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    synchronized void startBroker() throws Exception {
        broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!broker.isAlive()) {
                throw new AssertionError("mosquitto exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("mosquitto did not listen on " + port);
    }

    /** SIGTERM to the broker this class started; it saves its sessions and queued messages. */
    synchronized void stopBroker() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            broker.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopBroker();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(new ArrayList<>(List.of(command)).subList(0, 2) + " failed: " + out);
        }
    }
}
