package org.eclipse.kura.cloudconnection.publisher;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;

/**
 * Stub of Kura's cloud publisher (Kura 5 API): publishes a message over the cloud connection it is configured
 * for; returns a message id when delivery will be confirmed, else null.
 */
public interface CloudPublisher {

    String publish(KuraMessage message) throws KuraException;

    void registerCloudConnectionListener(CloudConnectionListener listener);

    void unregisterCloudConnectionListener(CloudConnectionListener listener);

    void registerCloudDeliveryListener(CloudDeliveryListener listener);

    void unregisterCloudDeliveryListener(CloudDeliveryListener listener);
}
