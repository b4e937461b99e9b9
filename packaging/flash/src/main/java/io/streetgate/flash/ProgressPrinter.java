package io.streetgate.flash;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** Redraws one status line for all cards on a terminal, twice a second, until closed. */
final class ProgressPrinter implements AutoCloseable {
    private final PrintWriter out;
    private final List<Progress> cards;
    private final Thread thread;
    private volatile boolean running = true;
    private int lastWidth;

    ProgressPrinter(PrintWriter out, List<Progress> cards) {
        this.out = out;
        this.cards = cards;
        this.thread = new Thread(this::loop, "flash-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            draw();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void draw() {
        long now = System.nanoTime();
        String line = cards.stream().map(c -> c.line(now)).collect(Collectors.joining(" | "));
        int width = line.length();
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - width)));
        out.flush();
        lastWidth = width;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        out.println();
        out.flush();
    }
}
