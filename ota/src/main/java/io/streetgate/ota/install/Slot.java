package io.streetgate.ota.install;

/** One of the two image slots. */
public enum Slot {
    A, B;

    public Slot other() {
        return this == A ? B : A;
    }
}
