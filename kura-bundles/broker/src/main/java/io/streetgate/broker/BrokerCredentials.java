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
 * An account on the local broker, in a file of {@code <state dir>/local-broker/}: host, port, username and
 * password. The broker creates each account's file with a random password on its first start and keeps the
 * password afterwards; `streetgate run` and other local tools read it (docs/local-broker.md).
 *
 * @param host     where the broker listens
 * @param port     its port
 * @param username the account name
 * @param password the account password (never logged)
 */
public record BrokerCredentials(String host, int port, String username, String password) {

    /** The broker's two accounts and where each is kept. */
    public enum Account {
        /** May publish and subscribe; its file is the service's alone (0600). */
        PUBLISHER("streetgate", "client.properties", false),
        /**
         * May subscribe only, so that an on-box dashboard cannot forge what the gateway publishes; its file is
         * readable by the service's group (0640), whose members are the on-box consumers.
         */
        READER("streetgate-reader", "reader.properties", true);

        private final String username;
        private final String fileName;
        private final boolean groupReadable;

        Account(String username, String fileName, boolean groupReadable) {
            this.username = username;
            this.fileName = fileName;
            this.groupReadable = groupReadable;
        }

        public String username() {
            return username;
        }

        /** Whether its file is readable by the service's group (0640) rather than by the service alone (0600). */
        public boolean groupReadable() {
            return groupReadable;
        }

        public Path file(Path stateDir) {
            return stateDir.resolve("local-broker").resolve(fileName);
        }
    }

    /** The publishing account's file. */
    public static Path file(Path stateDir) {
        return Account.PUBLISHER.file(stateDir);
    }

    /** Reads the publishing account a running broker wrote. */
    public static BrokerCredentials read(Path stateDir) throws IOException {
        return read(stateDir, Account.PUBLISHER);
    }

    /** Reads an account a running broker wrote. */
    public static BrokerCredentials read(Path stateDir, Account account) throws IOException {
        Path file = account.file(stateDir);
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        String port = p.getProperty("port", "");
        if (p.getProperty("password", "").isEmpty() || port.isEmpty()) {
            throw new IOException(file + " has no password or port; delete it and restart the gateway");
        }
        return new BrokerCredentials(p.getProperty("host", "127.0.0.1"), Integer.parseInt(port),
                p.getProperty("username", account.username()), p.getProperty("password"));
    }

    /** A new random password (192 bits), URL-safe. */
    public static String newPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The file's content; the password is in it, so the file is never world-readable. */
    public String toFileContent() {
        return "# streetgate local broker account for on-box clients (docs/local-broker.md). Keep this file private.\n"
                + "host=" + host + "\nport=" + port + "\nusername=" + username + "\npassword=" + password + "\n";
    }

    @Override
    public String toString() {
        return "BrokerCredentials[" + username + "@" + host + ":" + port + "]";
    }
}
