package io.streetgate.flash.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How many of some devices this process holds open at once, seen by looking at its descriptors
 * (/proc/self/fd, proc(5)) over and over until closed. A card is open from its write to its config, so this counts
 * the cards written at the same time. One look is not atomic: a card closed and the next one opened while it reads
 * the descriptors can show both in that look, so a device counts at a look only when the looks before and after it
 * saw it too (a card written after another is never in the look after the other's close). Looking can miss a short
 * overlap, never invent one.
 */
public final class OpenDevices implements AutoCloseable {
    private final Set<String> watched;
    private final AtomicInteger most = new AtomicInteger();
    private final Thread looker;
    private volatile boolean done;

    private OpenDevices(List<Path> devices) {
        watched = devices.stream().map(Path::toString).collect(Collectors.toSet());
        looker = new Thread(this::look, "open-devices");
        looker.setDaemon(true);
    }

    public static OpenDevices watch(List<Path> devices) {
        OpenDevices d = new OpenDevices(devices);
        d.looker.start();
        return d;
    }

    /** The most of the devices seen open at one look. */
    public int most() {
        return most.get();
    }

    private void look() {
        Set<String> before = Set.of();
        Set<String> now = Set.of();
        while (!done) {
            Set<String> open = new HashSet<>(); // a card may be open through more than one descriptor
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (watched.contains(target)) {
                            open.add(target);
                        }
                    } catch (IOException closedMeanwhile) {
                        // the descriptor went away between the listing and the read: not open
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list /proc/self/fd", e);
            }
            Set<String> seenThrice = new HashSet<>(now);
            seenThrice.retainAll(before);
            seenThrice.retainAll(open);
            most.accumulateAndGet(seenThrice.size(), Math::max);
            before = now;
            now = open;
        }
    }

    @Override
    public void close() throws InterruptedException {
        done = true;
        looker.join();
    }
}
