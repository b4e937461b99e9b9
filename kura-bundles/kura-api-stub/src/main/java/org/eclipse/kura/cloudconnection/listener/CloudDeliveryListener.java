package org.eclipse.kura.cloudconnection.listener;

/** Stub of Kura's delivery confirmation callback (Kura 5 API). */
public interface CloudDeliveryListener {

    void onMessageConfirmed(String messageId);
}
