package io.streetgate.ota.testkit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

/** A throw-away certificate for 127.0.0.1 made with the JDK's keytool; server and client contexts from it. */
public final class TestTls {
    private static final char[] PASS = "changeit".toCharArray();
    public final SSLContext server;
    public final SSLContext client;
    private final java.security.cert.Certificate certificate;

    private TestTls(SSLContext server, SSLContext client, java.security.cert.Certificate certificate) {
        this.server = server;
        this.client = client;
        this.certificate = certificate;
    }

    /** Writes the server's (self-signed) certificate as a PEM CA file, as a city's CA file is handed out. */
    public Path writeCaPem(Path file) throws Exception {
        String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded());
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
        return file;
    }

    public static TestTls create(Path dir) throws Exception {
        Path ks = dir.resolve("tls.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
                "-storepass", "changeit", "-storetype", "PKCS12").redirectErrorStream(true).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("keytool failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } finally {
            p.destroyForcibly();
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, PASS);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, PASS);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new TestTls(server, client, store.getCertificate("test"));
    }
}
