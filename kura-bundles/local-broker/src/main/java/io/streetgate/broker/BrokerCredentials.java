package io.streetgate.broker;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The account on-box clients use on the local broker, in {@code <state dir>/local-broker/client.properties}
 * (owner-only): host, port, username and password. The broker creates it with a random password on its
 * first start and keeps the password afterwards; `streetgate run` and other local tools read it.
 *
 * @param host     where the broker listens
 * @param port     its port
 * @param username the account name
 * @param password the account password (never logged)
 */
public record BrokerCredentials(String host, int port, String username, String password) {

    public static final String FILE = "client.properties";
    public static final String USERNAME = "streetgate";

    public static Path file(Path stateDir) {
        return stateDir.resolve("local-broker").resolve(FILE);
    }

    /** Reads the credentials a running broker wrote. */
    public static BrokerCredentials read(Path stateDir) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file(stateDir), StandardCharsets.UTF_8)));
        String port = p.getProperty("port", "");
        if (p.getProperty("password", "").isEmpty() || port.isEmpty()) {
            throw new IOException(file(stateDir) + " has no password or port; delete it and restart the gateway");
        }
        return new BrokerCredentials(p.getProperty("host", "127.0.0.1"), Integer.parseInt(port),
                p.getProperty("username", USERNAME), p.getProperty("password"));
    }

    /** A new random password (192 bits), URL-safe. */
    public static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The file's content; the password is in it, so the file is written owner-only. */
    public String toFileContent() {
        return "# streetgate local broker account for on-box clients. Keep this file private (0600).\n"
                + "host=" + host + "\nport=" + port + "\nusername=" + username + "\npassword=" + password + "\n";
    }

    @Override
    public String toString() {
        return "BrokerCredentials[" + username + "@" + host + ":" + port + "]";
    }
}
