package io.streetgate.flash.image;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A running hash of the bytes that pass through a flash. It uses OpenSSL's libcrypto (EVP_DigestInit_ex,
 * EVP_DigestUpdate, EVP_DigestFinal_ex; OpenSSL 3 manual pages EVP_DigestInit(3)) through JNA when the C library
 * can load it, because the JDK's SHA-256 is fast only in code compiled by C2: under the launcher's
 * {@code -XX:TieredStopAtLevel=1} (C1 only) it runs at a few tens of MB/s, slower than an SD card, while libcrypto
 * runs at the CPU's speed with any JVM settings. Otherwise it is the JDK's {@link MessageDigest}.
 */
abstract class Digest {
    /** JDK names ("SHA-256") to OpenSSL's ("sha256"). */
    private static String opensslName(String jdk) {
        return jdk.toLowerCase(Locale.ROOT).replace("-", "");
    }

    static Digest of(String jdkName) {
        Digest d = OpenSsl.create(opensslName(jdkName));
        return d != null ? d : new Jdk(jdkName);
    }

    /** The JDK's implementation, whatever is loadable. */
    static Digest jdk(String jdkName) {
        return new Jdk(jdkName);
    }

    /** OpenSSL's, or null when libcrypto cannot be loaded. */
    static Digest openssl(String jdkName) {
        return OpenSsl.create(opensslName(jdkName));
    }

    /** Adds the buffer's remaining bytes; its position moves to its limit. */
    abstract void update(ByteBuffer b);

    /** The hex digest; the digest cannot be used afterwards. */
    abstract String finish();

    /** Which implementation hashes, for the report. */
    static String implementation() {
        return OpenSsl.LIB != null ? "OpenSSL libcrypto" : "JDK";
    }

    private static final class Jdk extends Digest {
        private final MessageDigest md;
        private final byte[] chunk = new byte[1 << 20];

        Jdk(String name) {
            try {
                md = MessageDigest.getInstance(name);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(name + " missing from the JDK", e);
            }
        }

        @Override
        void update(ByteBuffer b) {
            if (b.hasArray()) {
                md.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
                b.position(b.limit());
                return;
            }
            // whole-array updates reach the JDK's multi-block intrinsic; update(ByteBuffer) on a direct buffer
            // goes 4 KiB at a time
            while (b.hasRemaining()) {
                int n = Math.min(chunk.length, b.remaining());
                b.get(chunk, 0, n);
                md.update(chunk, 0, n);
            }
        }

        @Override
        String finish() {
            return HexFormat.of().formatHex(md.digest());
        }
    }

    private static final class OpenSsl extends Digest {
        static final NativeLibrary LIB = load();
        private static Function newCtx;
        private static Function freeCtx;
        private static Function byName;
        private static Function init;
        private static Function updateFn;
        private static Function finalFn;

        private final Pointer ctx;
        private boolean finished;

        private OpenSsl(Pointer ctx) {
            this.ctx = ctx;
        }

        private static NativeLibrary load() {
            for (String name : new String[]{"crypto.so.3", "libcrypto.so.3", "crypto"}) {
                try {
                    NativeLibrary lib = NativeLibrary.getInstance(name);
                    newCtx = lib.getFunction("EVP_MD_CTX_new");
                    freeCtx = lib.getFunction("EVP_MD_CTX_free");
                    byName = lib.getFunction("EVP_get_digestbyname");
                    init = lib.getFunction("EVP_DigestInit_ex");
                    updateFn = lib.getFunction("EVP_DigestUpdate");
                    finalFn = lib.getFunction("EVP_DigestFinal_ex");
                    return lib;
                } catch (Throwable e) { // not this name, or no JNA for this platform
                    // try the next
                }
            }
            return null;
        }

        static Digest create(String name) {
            if (LIB == null || Boolean.getBoolean("streetgate.flash.jdkDigest")) {
                return null;
            }
            Pointer md = (Pointer) byName.invoke(Pointer.class, new Object[]{name});
            if (md == null) {
                return null;
            }
            Pointer ctx = (Pointer) newCtx.invoke(Pointer.class, new Object[0]);
            if (ctx == null || init.invokeInt(new Object[]{ctx, md, null}) != 1) {
                return null;
            }
            return new OpenSsl(ctx);
        }

        @Override
        void update(ByteBuffer b) {
            if (!b.isDirect()) {
                throw new IllegalArgumentException("direct buffers only");
            }
            Pointer p = Native.getDirectBufferPointer(b).share(b.position());
            if (updateFn.invokeInt(new Object[]{ctx, p, new NativeLong(b.remaining())}) != 1) { // size_t: a C long on Linux
                throw new IllegalStateException("EVP_DigestUpdate failed");
            }
            b.position(b.limit());
        }

        @Override
        String finish() {
            try (Memory out = new Memory(64)) {
                IntByReference len = new IntByReference();
                if (finalFn.invokeInt(new Object[]{ctx, out, len}) != 1) {
                    throw new IllegalStateException("EVP_DigestFinal_ex failed");
                }
                return HexFormat.of().formatHex(out.getByteArray(0, len.getValue()));
            } finally {
                if (!finished) {
                    finished = true;
                    freeCtx.invokeVoid(new Object[]{ctx});
                }
            }
        }
    }
}
