package io.streetgate.uplink.store;

import io.streetgate.analytics.privacy.UplinkMessage;

import java.time.Instant;

/**
 * A message as the store keeps it until the broker has acknowledged it.
 *
 * @param id       the store's id: append order across all streams (durable and in-memory ids are apart,
 *                 see {@link #durable()})
 * @param stream   the stream it belongs to
 * @param seq      its sequence number in the stream, from 1, persisted with the message
 * @param epoch    the store's epoch: sequence numbers count within one epoch (a new store file, or the
 *                 in-memory fallback, starts a new epoch so that a number is never handed out twice)
 * @param priority its drop class (higher is kept longer), see {@link DropPolicy}
 * @param created  when it was stored (gateway time)
 * @param size     the bytes it counts against the store's bound
 * @param durable  whether it is on disk (false: held in memory while the disk cannot be written)
 * @param message  the message itself
 */
public record StoredMessage(long id, StreamKey stream, long seq, String epoch, int priority, Instant created,
                            int size, boolean durable, UplinkMessage message) {
}
