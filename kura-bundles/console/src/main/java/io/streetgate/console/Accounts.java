package io.streetgate.console;

import com.fasterxml.jackson.jr.ob.JSON;
import io.streetgate.gateway.api.secret.Secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The console's accounts, in {@code accounts.json} (owner-only) of the console's state folder. There is no
 * default password: while no account exists, a one-time code is made, written owner-only to {@code setup-code}
 * and shown in the gateway's log, and whoever has it creates the first (admin) account; the code is then gone.
 */
public final class Accounts {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    public static final int MIN_PASSWORD = 10;
    public static final int MAX_PASSWORD = 128;
    static final int MAX_ACCOUNTS = 100;
    // no 0/O, 1/l/I: the code is read off a terminal and typed on a phone
    private static final String CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int CODE_LENGTH = 12;

    /** An account as others see it (its hash stays here). */
    public record Account(String name, Role role, Instant created) {
    }

    private record Stored(Account account, String hash) {
    }

    private final Path file;
    private final Path codeFile;
    private final SecureRandom random;
    private final int iterations;
    private final Map<String, Stored> accounts = new LinkedHashMap<>();
    // made at the first login with an unknown name, not at start: a hash costs a PBKDF2 run
    private String dummyHash;

    Accounts(Path dir, SecureRandom random, int iterations) throws IOException {
        this.file = dir.resolve("accounts.json");
        this.codeFile = dir.resolve("setup-code");
        this.random = random;
        this.iterations = iterations;
        if (Files.exists(file)) {
            load();
        }
    }

    /** The accounts of a console state folder; a file that cannot be read is an error naming it, never ignored. */
    public static Accounts open(Path dir, SecureRandom random) throws IOException {
        return new Accounts(dir, random, PasswordHash.ITERATIONS);
    }

    public synchronized boolean isEmpty() {
        return accounts.isEmpty();
    }

    public synchronized List<Account> list() {
        return accounts.values().stream().map(Stored::account).toList();
    }

    /** The one-time code for the first account, made (and written owner-only) when needed; empty once one exists. */
    public synchronized Optional<String> setupCode() throws IOException {
        if (!accounts.isEmpty()) {
            Files.deleteIfExists(codeFile);
            return Optional.empty();
        }
        if (Files.exists(codeFile)) {
            return Optional.of(Secrets.readOrCreateToken(codeFile));
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        Secrets.writeOwnerOnly(codeFile, code + "\n");
        return Optional.of(code.toString());
    }

    public Path setupCodeFile() {
        return codeFile;
    }

    /** Creates the first account, an admin, with the one-time code; the code is then used up. */
    public synchronized Account createFirst(String code, String name, char[] password) throws IOException {
        Optional<String> expected = setupCode();
        if (expected.isEmpty()) {
            throw new IllegalStateException("the first account exists already; log in, or ask an admin for an account");
        }
        String given = code == null ? "" : code.trim().toLowerCase().replace("-", "").replace(" ", "");
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                expected.get().getBytes(StandardCharsets.US_ASCII))) {
            throw new SecurityException("the one-time code is wrong; it is in the gateway's log and in " + codeFile);
        }
        Account account = add(name, password, Role.ADMIN);
        Files.deleteIfExists(codeFile);
        return account;
    }

    /** Creates an account (an admin's action). */
    public synchronized Account create(String name, char[] password, Role role) throws IOException {
        return add(name, password, role);
    }

    /** The account when the password is right; takes as long for an unknown name as for a wrong password. */
    public Optional<Account> verify(String name, char[] password) {
        Stored stored;
        String hash;
        synchronized (this) {
            stored = accounts.get(name);
            if (stored == null && dummyHash == null) {
                dummyHash = PasswordHash.hash("not an account".toCharArray(), random, iterations);
            }
            hash = stored == null ? dummyHash : stored.hash();
        }
        boolean matches = PasswordHash.matches(password, hash);
        return matches && stored != null ? Optional.of(stored.account()) : Optional.empty();
    }

    private Account add(String name, char[] password, Role role) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("account '" + name + "' is not a valid name; use 1-32 lower-case "
                    + "letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        if (password == null || password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
            throw new IllegalArgumentException("the password for '" + name + "' has " + (password == null ? 0
                    : password.length) + " characters; use " + MIN_PASSWORD + " to " + MAX_PASSWORD);
        }
        if (accounts.containsKey(name)) {
            throw new IllegalArgumentException("account '" + name + "' exists already; choose another name");
        }
        if (accounts.size() >= MAX_ACCOUNTS) {
            throw new IllegalArgumentException("there are " + MAX_ACCOUNTS + " accounts already, the most a node keeps");
        }
        Account account = new Account(name, role, Instant.now());
        accounts.put(name, new Stored(account, PasswordHash.hash(password, random, iterations)));
        save();
        return account;
    }

    private void save() throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Stored s : accounts.values()) {
            list.add(Map.of("name", s.account().name(), "role", s.account().role().label(),
                    "created", s.account().created().toString(), "hash", s.hash()));
        }
        Secrets.writeOwnerOnly(file, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT)
                .asString(Map.of("accounts", list)) + "\n");
    }

    private void load() throws IOException {
        if (Files.size(file) > 1 << 20) {
            throw new IOException(file + " is larger than 1 MiB; it is not the console's accounts file");
        }
        Object accountsList;
        try {
            accountsList = JSON.std.mapFrom(Files.readString(file, StandardCharsets.UTF_8)).get("accounts");
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON (" + e.getMessage() + "); restore it from a backup, "
                    + "or remove it to start again with a one-time code", e);
        }
        if (!(accountsList instanceof List<?> entries)) {
            throw new IOException(file + " has no 'accounts' list; restore it from a backup, or remove it to start "
                    + "again with a one-time code");
        }
        for (Object o : entries) {
            if (o instanceof Map<?, ?> m && m.get("name") instanceof String name && m.get("hash") instanceof String hash) {
                try {
                    Role role = Role.of(String.valueOf(m.get("role")));
                    Instant created = m.get("created") instanceof String c ? Instant.parse(c) : Instant.EPOCH;
                    accounts.put(name, new Stored(new Account(name, role, created), hash));
                } catch (RuntimeException e) {
                    throw new IOException(file + ": account '" + name + "': " + e.getMessage(), e);
                }
            }
        }
    }
}
