package io.streetgate.flash.disk;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Linux system calls the JDK does not offer, through JNA: {@code lseek(SEEK_DATA/SEEK_HOLE)} to find the
 * data in a sparse image, {@code posix_fadvise(POSIX_FADV_DONTNEED)} so that a read-back comes from the card and
 * not from the page cache, and {@code open(O_EXCL)} on a block device, which the kernel refuses while the disk is
 * mounted or claimed (and which keeps an automounter from mounting it while we write).
 * Constants: Linux man pages lseek(2), posix_fadvise(2), open(2) ("O_EXCL ... on a block device"), and
 * include/uapi/asm-generic/fcntl.h and errno-base.h (the same on x86-64, arm and arm64).
 */
public final class Posix {
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_EXCL = 0200;
    static final int O_CLOEXEC = 02000000;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;
    static final int POSIX_FADV_DONTNEED = 4;
    static final int ENXIO = 6;
    static final int EBUSY = 16;
    static final int EINVAL = 22;

    static final Libc LIBC = Libc.load();

    private Posix() {
    }

    /** Whether the native calls are there (JNA loaded libc); without them the callers fall back, and say so. */
    public static boolean available() {
        return LIBC != null;
    }

    /** One extent of data, [start, end) in bytes. */
    public record Extent(long start, long end) {
    }

    /**
     * The data extents of a file by SEEK_DATA/SEEK_HOLE. A file system without hole support reports the whole file
     * as data (lseek(2): "the file is treated as one data region"), which is correct, only slower to write.
     *
     * @throws IOException when the calls are not available or fail
     */
    public static List<Extent> dataExtents(Path file) throws IOException {
        Libc c = require();
        int fd = c.open(file, O_RDONLY | O_CLOEXEC);
        try {
            List<Extent> out = new ArrayList<>();
            long pos = 0;
            while (true) {
                long data = c.lseek(fd, pos, SEEK_DATA);
                if (data < 0) {
                    int errno = c.errno();
                    if (errno == ENXIO) {
                        return out; // no data at or after pos
                    }
                    throw new IOException("lseek(SEEK_DATA) on " + file + " failed: errno " + errno);
                }
                long hole = c.lseek(fd, data, SEEK_HOLE);
                if (hole < 0) {
                    throw new IOException("lseek(SEEK_HOLE) on " + file + " failed: errno " + c.errno());
                }
                out.add(new Extent(data, hole));
                pos = hole;
            }
        } finally {
            c.close(fd);
        }
    }

    /** Drops the clean cached pages of a file or block device (call after fsync), so that reads go to the medium. */
    public static boolean dropCache(Path file) {
        if (LIBC == null) {
            return false;
        }
        try {
            int fd = LIBC.open(file, O_RDONLY | O_CLOEXEC);
            try {
                return LIBC.fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
            } finally {
                LIBC.close(fd);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An exclusive claim on a block device, held while it is written. Everything that reads or writes the device
     * opens {@link #path()}, which is this descriptor's file (/proc/self/fd/N, proc(5)), never the device's name
     * again: a name can come to mean another device after it was vetted; the descriptor cannot.
     */
    public static final class Claim implements AutoCloseable {
        private final Libc libc;
        private final int fd;

        private Claim(Libc libc, int fd) {
            this.libc = libc;
            this.fd = fd;
        }

        /** The claimed device, by its descriptor. */
        public Path path() {
            return Path.of("/proc/self/fd", Integer.toString(fd));
        }

        @Override
        public void close() {
            libc.close(fd);
        }
    }

    /**
     * Opens a block device with O_EXCL: the kernel answers EBUSY while a file system on it (or on one of its
     * partitions) is mounted, or it is part of RAID, LVM or swap, or another program has claimed it. The opened
     * device must be the vetted one ({@link TargetGuard#requireSame}); without the native calls nothing is opened.
     *
     * @param vetted what stat(2) said about the device when it was checked
     * @throws IOException naming the device when it is busy, is no longer the vetted device, or cannot be opened
     *                     exclusively because JNA could not load the C library
     */
    public static Claim claimExclusive(Path device, TargetGuard.Stat vetted) throws IOException {
        return claim(LIBC, device, vetted);
    }

    static Claim claim(Libc libc, Path device, TargetGuard.Stat vetted) throws IOException {
        if (libc == null) {
            throw new IOException("refusing to write " + device + " without an exclusive open (O_EXCL), which keeps a"
                    + " mount or an automounter off the card while it is written: JNA could not load the C library"
                    + " (JNA unpacks its native part into the temporary folder; if /tmp is mounted noexec, name another"
                    + " with STREETGATE_JAVA_OPTS='-Xmx512m -Djna.tmpdir=DIR')");
        }
        int fd = libc.openOrErrno(device, O_RDWR | O_EXCL | O_CLOEXEC);
        if (fd < 0) {
            int errno = -fd;
            if (errno == EBUSY) {
                throw new IOException(device + " is in use (mounted, swap, RAID/LVM member, or open exclusively by "
                        + "another program): unmount it first (umount " + device + "*)");
            }
            throw new IOException("cannot open " + device + " for writing: errno " + errno);
        }
        Claim claim = new Claim(libc, fd);
        try {
            TargetGuard.requireSame(device, vetted, TargetGuard.realStat(claim.path()));
            return claim;
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    private static Libc require() throws IOException {
        if (LIBC == null) {
            throw new IOException("native calls unavailable (JNA could not load the C library)");
        }
        return LIBC;
    }

    /** libc through JNA's dynamic invocation; the 64-bit offset variants where the C library has them. */
    static final class Libc {
        private final Function open;
        private final Function close;
        private final Function lseek;
        private final Function fadvise;

        private Libc(NativeLibrary lib) {
            this.open = lib.getFunction("open");
            this.close = lib.getFunction("close");
            this.lseek = first(lib, "lseek64", "lseek");
            this.fadvise = first(lib, "posix_fadvise64", "posix_fadvise");
        }

        static Libc load() {
            try {
                if (!Platform.isLinux()) {
                    return null;
                }
                return new Libc(NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            } catch (Throwable e) { // UnsatisfiedLinkError, NoClassDefFoundError: no JNA for this platform
                return null;
            }
        }

        private static Function first(NativeLibrary lib, String name, String fallback) {
            try {
                return lib.getFunction(name);
            } catch (UnsatisfiedLinkError e) {
                return lib.getFunction(fallback);
            }
        }

        int errno() {
            return com.sun.jna.Native.getLastError();
        }

        int open(Path p, int flags) throws IOException {
            int fd = openOrErrno(p, flags);
            if (fd < 0) {
                throw new IOException("cannot open " + p + ": errno " + (-fd));
            }
            return fd;
        }

        /** The descriptor, or minus errno. */
        int openOrErrno(Path p, int flags) {
            int fd = open.invokeInt(new Object[]{p.toString(), flags});
            return fd < 0 ? -errno() : fd;
        }

        void close(int fd) {
            close.invokeInt(new Object[]{fd});
        }

        long lseek(int fd, long offset, int whence) {
            return lseek.invokeLong(new Object[]{fd, offset, whence});
        }

        int fadvise(int fd, long offset, long len, int advice) {
            return fadvise.invokeInt(new Object[]{fd, offset, len, advice});
        }
    }
}
