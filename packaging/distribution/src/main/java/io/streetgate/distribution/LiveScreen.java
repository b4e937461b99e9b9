package io.streetgate.distribution;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A {@link LiveView} drawn in place on a terminal, at most once a second and only when something changed. */
final class LiveScreen implements AutoCloseable {

    // ANSI/ECMA-48: cursor home, then erase the display
    private static final String CLEAR = "\033[H\033[2J";

    private final LiveView view;
    private final PrintStream out;
    private final int width;
    private final ScheduledExecutorService redraw = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sg-live-view");
        t.setDaemon(true);
        return t;
    });
    private boolean changed;

    LiveScreen(String node, PrintStream out) {
        this.view = new LiveView(node);
        this.out = out;
        this.width = columns();
        redraw.scheduleWithFixedDelay(this::draw, 1, 1, TimeUnit.SECONDS);
    }

    synchronized void accept(Map<String, Object> message) {
        view.accept(message);
        changed = true;
    }

    private synchronized void draw() {
        if (changed) {
            changed = false;
            StringBuilder screen = new StringBuilder(CLEAR);
            view.render(width).forEach(line -> screen.append(line).append(System.lineSeparator()));
            out.print(screen);
            out.flush();
        }
    }

    private static int columns() {
        try {
            return Math.max(60, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120")));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    @Override
    public void close() {
        redraw.shutdownNow();
    }
}
