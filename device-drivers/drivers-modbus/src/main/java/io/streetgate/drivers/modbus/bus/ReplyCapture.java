package io.streetgate.drivers.modbus.bus;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.Arrays;

/**
 * Keeps a copy of the bytes that arrive on a PLC4X connection, at the head of its netty pipeline, and passes
 * them on untouched. PLC4X 0.13 drops a frame it cannot parse (a CRC error, a short or malformed reply) and
 * lets the request time out, and it reduces exception codes to a few response codes; the copy tells what
 * really came back.
 */
final class ReplyCapture extends ChannelInboundHandlerAdapter {

    private static final int LIMIT = 1024;

    private final byte[] bytes = new byte[LIMIT];
    private int length;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            synchronized (this) {
                int n = Math.min(b.readableBytes(), LIMIT - length);
                b.getBytes(b.readerIndex(), bytes, length, n);
                length += n;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Forgets what came before (call before sending a request). */
    synchronized void reset() {
        length = 0;
    }

    /** What arrived since the last reset. */
    synchronized byte[] bytes() {
        return Arrays.copyOf(bytes, length);
    }
}
