package org.eclipse.kura.cloudconnection.listener;

/** Stub of Kura's cloud connection events (Kura 5 API). */
public interface CloudConnectionListener {

    void onDisconnected();

    void onConnectionLost();

    void onConnectionEstablished();
}
