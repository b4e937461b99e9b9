package io.streetgate.uplink.forward;

import io.streetgate.driver.time.TimeBase;
import io.streetgate.uplink.link.LinkSettings;
import io.streetgate.uplink.link.Tls;
import io.streetgate.uplink.payload.JsonFormat;
import io.streetgate.uplink.store.ForwardStore;
import io.streetgate.uplink.testing.Messages;
import io.streetgate.uplink.testing.Uplink;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The process the reliability test kills: the store and the uplink with a synthetic source. After each
 * append returns it prints {@code A <stream> <seq>}: from then on the message counts as acknowledged inside
 * the gateway and must reach the broker.
 * <pre>PublisherMain STORE BROKER-URL CA-FILE USER PASSWORD-FILE publish|drain STREAMS PER-SECOND [PROTOCOL]</pre>
 * {@code drain} appends nothing, waits until everything was delivered and its rows purged from the store,
 * prints {@code DRAINED} and exits. PROTOCOL is the MQTT version, {@code 5} (default) or {@code 3.1.1}.
 */
public final class PublisherMain {

    /** How a line about an accepted message starts: {@code A <stream> <seq>}. */
    static final String ACCEPTED = "A ";

    private PublisherMain() {
    }

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        String password = Files.readString(Path.of(args[4])).trim();
        boolean drain = args[5].equals("drain");
        int streams = Integer.parseInt(args[6]);
        int perSecond = Integer.parseInt(args[7]);
        LinkSettings.Protocol protocol = args.length > 8 ? LinkSettings.Protocol.of(args[8]) : LinkSettings.Protocol.MQTT_5;
        LinkSettings link = LinkSettings.builder(URI.create(args[1]), "pole-0042").protocol(protocol)
                .login(args[3], password.toCharArray()).tls(Tls.socketFactory(Path.of(args[2]), null, null))
                .keepAlive(Duration.ofSeconds(10)).cleanStart(false).sessionExpiry(Duration.ofDays(1))
                .connectTimeout(Duration.ofSeconds(5)).build();
        Uplink u = new Uplink(store, TimeBase.system(), s -> new JsonFormat("streetgate", "pole-0042"), link,
                Uplink.fastSettings(), new io.streetgate.gateway.status.HealthRegistryImpl());
        u.forwarder.start();
        if (drain) {
            u.awaitDrained(Duration.ofMinutes(3));
            while (u.store.deliveredNotPurged() > 0) {
                Thread.sleep(20); // the idle sender purges the delivered rows: the test then finds the file empty
            }
            System.out.println("DRAINED");
            u.close();
            System.exit(0);
        }
        long periodNanos = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        for (long i = 0; ; i++) {
            String sensor = "s" + (i % streams);
            ForwardStore.Receipt r = u.store.append(Messages.summary(sensor, "temperature", Instant.now(), i));
            System.out.println(ACCEPTED + r.stream().key() + " " + r.seq());
            next += periodNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
    }
}
