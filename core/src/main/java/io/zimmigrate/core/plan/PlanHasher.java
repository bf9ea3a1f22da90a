package io.zimmigrate.core.plan;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The plan's fingerprint hash: MurmurHash3 x64 128 as Guava's {@code Hashing.murmur3_128()} computes it (the same
 * bytes give the same fingerprint, so journals and kept plans of earlier versions still match), with a state that
 * can be copied and kept. A plan of a file that only grew continues hashing from the state kept with the plan of
 * its earlier part (issue 15, {@code run --follow}), and gets the fingerprint a plan of the whole file would.
 * Not thread-safe.
 */
public final class PlanHasher {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private long h1;
    private long h2;
    /** Bytes processed in whole 16-byte blocks. */
    private long length;
    private final byte[] tail = new byte[16];
    private int tailLength;

    public PlanHasher() {}

    /** An independent hasher in this one's state. */
    public PlanHasher copy() {
        PlanHasher c = new PlanHasher();
        c.h1 = h1;
        c.h2 = h2;
        c.length = length;
        System.arraycopy(tail, 0, c.tail, 0, tailLength);
        c.tailLength = tailLength;
        return c;
    }

    public PlanHasher putInt(int v) {
        for (int i = 0; i < 4; i++) {
            put((byte) (v >>> (8 * i))); // little-endian, as Guava's streaming hasher
        }
        return this;
    }

    public PlanHasher putLong(long v) {
        for (int i = 0; i < 8; i++) {
            put((byte) (v >>> (8 * i)));
        }
        return this;
    }

    public PlanHasher putBytes(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end && tailLength > 0) {
            put(b[i++]);
        }
        for (; end - i >= 16; i += 16) {
            block(le(b, i), le(b, i + 8));
        }
        while (i < end) {
            put(b[i++]);
        }
        return this;
    }

    private void put(byte b) {
        tail[tailLength++] = b;
        if (tailLength == 16) {
            block(le(tail, 0), le(tail, 8));
            tailLength = 0;
        }
    }

    private void block(long k1, long k2) {
        h1 ^= mixK1(k1);
        h1 = Long.rotateLeft(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;
        h2 ^= mixK2(k2);
        h2 = Long.rotateLeft(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
        length += 16;
    }

    /** The hash of everything put so far, as Guava's {@code HashCode.toString()} spells it; the state is kept. */
    public String hash() {
        long a = h1;
        long b = h2;
        if (tailLength > 0) {
            long k1 = 0;
            long k2 = 0;
            for (int i = 0; i < tailLength; i++) {
                long v = (tail[i] & 0xffL) << (8 * (i & 7));
                if (i < 8) {
                    k1 |= v;
                } else {
                    k2 |= v;
                }
            }
            a ^= mixK1(k1);
            b ^= mixK2(k2);
        }
        long total = length + tailLength;
        a ^= total;
        b ^= total;
        a += b;
        b += a;
        a = fmix64(a);
        b = fmix64(b);
        a += b;
        b += a;
        StringBuilder s = new StringBuilder(32);
        hex(s, a);
        hex(s, b);
        return s.toString();
    }

    /** Writes the state (to keep it with a plan). */
    public void writeTo(DataOutputStream out) throws IOException {
        out.writeLong(h1);
        out.writeLong(h2);
        out.writeLong(length);
        out.writeByte(tailLength);
        out.write(tail, 0, tailLength);
    }

    /** A hasher in the state {@link #writeTo} wrote. */
    public static PlanHasher readFrom(DataInputStream in) throws IOException {
        PlanHasher h = new PlanHasher();
        h.h1 = in.readLong();
        h.h2 = in.readLong();
        h.length = in.readLong();
        h.tailLength = in.readUnsignedByte();
        if (h.tailLength > 15 || h.length < 0 || (h.length & 15) != 0) {
            throw new IOException("a damaged fingerprint state");
        }
        in.readFully(h.tail, 0, h.tailLength);
        return h;
    }

    private static void hex(StringBuilder s, long v) {
        for (int i = 0; i < 8; i++) { // little-endian bytes, two hex digits each
            int b = (int) (v >>> (8 * i)) & 0xff;
            s.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
    }

    /** 8 bytes as one little-endian long, read at once (a growth hashes the whole followed file: issue 15). */
    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static long le(byte[] b, int at) {
        return (long) LONG_LE.get(b, at);
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        k1 *= C2;
        return k1;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        k2 *= C1;
        return k2;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
