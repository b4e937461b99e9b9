package io.streetgate.console;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The first account with the one-time code, logging in and out, and the admin's accounts. */
final class AuthHandlers {

    /** A client address gets more tries than an account: several people may share a laptop's NAT. */
    static final int ADDRESS_FREE_FAILURES = 20;

    private final Accounts accounts;
    private final Sessions sessions;
    private final ConsoleAudit audit;
    private final LoginThrottle byAccount;
    private final LoginThrottle byAddress;

    AuthHandlers(Accounts accounts, Sessions sessions, ConsoleAudit audit, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.byAccount = new LoginThrottle(clock);
        this.byAddress = new LoginThrottle(clock, ADDRESS_FREE_FAILURES);
    }

    void me(HttpExchange exchange, Sessions.Session session) throws IOException {
        if (session == null) {
            Http.json(exchange, 401, Map.of("error", "not logged in", "setup", accounts.isEmpty()));
            return;
        }
        Http.json(exchange, 200, me(session));
    }

    void setup(HttpExchange exchange, Sessions.Session ignored) throws IOException {
        Map<String, Object> body = Http.jsonBody(exchange);
        String address = "address " + exchange.getRemoteAddress().getAddress().getHostAddress();
        refuseWhileLocked("the one-time code", "setup");
        refuseWhileLocked("this address", address);
        String name = Http.text(body, "account");
        Accounts.Account account;
        try {
            account = accounts.createFirst(String.valueOf(body.getOrDefault("code", "")), name,
                    Http.text(body, "password").toCharArray());
        } catch (SecurityException e) {
            byAccount.failed("setup");
            byAddress.failed(address);
            audit.record(name, "account.setup", name, "refused", "wrong one-time code");
            throw new Http.Refusal(401, e.getMessage());
        } catch (IllegalStateException e) {
            throw new Http.Refusal(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Http.Refusal(400, e.getMessage());
        }
        byAccount.succeeded("setup");
        audit.record(account.name(), "account.setup", account.name(), "done", "first account, admin, made with the one-time code");
        logIn(exchange, account);
    }

    void login(HttpExchange exchange, Sessions.Session ignored) throws IOException {
        Map<String, Object> body = Http.jsonBody(exchange);
        String name = Http.text(body, "account");
        String accountKey = "account " + name;
        String address = "address " + exchange.getRemoteAddress().getAddress().getHostAddress();
        refuseWhileLocked("account '" + name + "'", accountKey);
        refuseWhileLocked("this address", address);
        Optional<Accounts.Account> account = accounts.verify(name, Http.text(body, "password").toCharArray());
        if (account.isEmpty()) {
            Optional<Duration> lock = byAccount.failed(accountKey);
            byAddress.failed(address);
            audit.record(name, "login", name, "refused", "wrong account or password"
                    + lock.map(l -> "; locked for " + l.toSeconds() + " s").orElse(""));
            throw new Http.Refusal(401, "wrong account or password" + lock.map(l -> "; account '" + name
                    + "' is now locked for " + l.toSeconds() + " s").orElse(""));
        }
        byAccount.succeeded(accountKey);
        byAddress.succeeded(address);
        audit.record(name, "login", name, "done", account.get().role().label());
        logIn(exchange, account.get());
    }

    void logout(HttpExchange exchange, Sessions.Session session) throws IOException {
        sessions.end(session.id());
        Http.clearSessionCookie(exchange);
        audit.record(session.account(), "logout", session.account(), "done", "");
        Http.json(exchange, 200, Map.of("result", "logged out"));
    }

    void list(HttpExchange exchange, Sessions.Session session) throws IOException {
        List<Map<String, Object>> list = accounts.list().stream().map(a -> Map.<String, Object>of("account", a.name(),
                "role", a.role().label(), "created", a.created().toString())).toList();
        Http.json(exchange, 200, Map.of("accounts", list));
    }

    void create(HttpExchange exchange, Sessions.Session session) throws IOException {
        Map<String, Object> body = Http.jsonBody(exchange);
        String name = Http.text(body, "account");
        try {
            Accounts.Account a = accounts.create(name, Http.text(body, "password").toCharArray(),
                    Role.of(Http.text(body, "role")));
            audit.record(session.account(), "account.create", a.name(), "done", a.role().label());
            Http.json(exchange, 200, Map.of("account", a.name(), "role", a.role().label()));
        } catch (IllegalArgumentException e) {
            audit.record(session.account(), "account.create", name, "refused", e.getMessage());
            throw new Http.Refusal(400, e.getMessage());
        }
    }

    private void refuseWhileLocked(String what, String key) {
        LoginThrottle throttle = key.startsWith("address ") ? byAddress : byAccount;
        throttle.locked(key).ifPresent(left -> {
            throw new Http.Refusal(429, what + " is locked after too many wrong attempts; try again in "
                    + Math.max(1, left.toSeconds()) + " s");
        });
    }

    private void logIn(HttpExchange exchange, Accounts.Account account) throws IOException {
        Sessions.Session session = sessions.start(account.name(), account.role());
        Http.setSessionCookie(exchange, session.id());
        Http.json(exchange, 200, me(session));
    }

    private Map<String, Object> me(Sessions.Session session) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", session.account());
        m.put("role", session.role().label());
        m.put("csrf", session.csrf());
        m.put("idle_seconds", sessions.idle().toSeconds());
        return m;
    }
}
