package io.streetgate.systemd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A unix datagram socket standing in for systemd's notification socket: a Python child binds it (the JDK
 * cannot) and prints each datagram on one line, its newlines turned into '|'.
 */
final class NotifyListener implements AutoCloseable {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** A missing peer fails the test, naming what to install. */
    static final String MISSING = "needs " + PYTHON + " to stand in for systemd's socket: apt-get install python3";
    private static final String SCRIPT = String.join("\n",
            "import socket, sys",
            "name = sys.argv[1]",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind('\\0' + name[1:] if name.startswith('@') else name)",
            "print('LISTENING', flush=True)",
            "while True:",
            "    print(s.recv(4096).decode().strip('\\n').replace('\\n', '|'), flush=True)");

    private final Process python;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    NotifyListener(String notifySocket) throws IOException, InterruptedException {
        python = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT, notifySocket)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        if (!"LISTENING".equals(first)) {
            throw new IOException("the listener did not start: " + first);
        }
        Thread reader = new Thread(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    messages.add(line);
                }
            } catch (IOException e) {
                // the listener was closed
            }
        }, "notify-listener");
        reader.setDaemon(true);
        reader.start();
    }

    static boolean available() {
        return Files.isExecutable(PYTHON);
    }

    /** The next datagram, waiting at most a generous deadline; fails when none comes. */
    String next() throws InterruptedException {
        String message = messages.poll(30, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no notification arrived within 30 s");
        }
        return message;
    }

    /** Datagrams up to and including the first one containing {@code wanted}. */
    List<String> until(String wanted) throws InterruptedException {
        List<String> seen = new java.util.ArrayList<>();
        while (true) {
            String message = next();
            seen.add(message);
            if (List.of(message.split("\\|")).contains(wanted) || message.contains(wanted)) {
                return seen;
            }
        }
    }

    @Override
    public void close() {
        python.destroy();
    }
}
