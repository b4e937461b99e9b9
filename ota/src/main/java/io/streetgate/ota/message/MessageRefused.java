package io.streetgate.ota.message;

/** A message that is not read: its version is unknown, a field is missing or wrong; the text says which and why. */
public final class MessageRefused extends IllegalArgumentException {
    public MessageRefused(String reason) {
        super(reason);
    }
}
