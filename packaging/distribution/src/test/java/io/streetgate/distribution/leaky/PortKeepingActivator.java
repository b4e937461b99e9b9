package io.streetgate.distribution.leaky;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A careless bundle for the OTA tests: it listens on a port when started and forgets to close it when stopped;
 * its accepting thread keeps the socket alive after the framework has stopped.
 */
public final class PortKeepingActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) throws IOException {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    socket.accept().close();
                } catch (IOException e) {
                    return;
                }
            }
        }, "port-keeper");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop(BundleContext context) {
        // the socket is not closed: that is the point
    }
}
