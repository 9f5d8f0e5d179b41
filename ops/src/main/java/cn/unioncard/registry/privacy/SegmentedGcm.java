package cn.unioncard.registry.privacy;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Streaming AES-GCM for files of any length (the "STREAM" construction): the plaintext is cut into
 * fixed-size segments, each sealed on its own under the file's key with a nonce made of its counter,
 * and the last one alone marked final in its associated data. Reordered, dropped, repeated or
 * truncated segments fail to open, and memory stays one segment whatever the file's size. Safe only
 * because every file has a fresh random key (counters restart at zero in each file).
 */
final class SegmentedGcm {

    static final int SEGMENT = 64 * 1024;
    private static final int TAG = 16;
    private static final byte[] MORE = {0};
    private static final byte[] LAST = {1};

    private SegmentedGcm() {
    }

    /** An output stream that seals what is written to {@code out}; closing it writes the final segment. */
    static OutputStream sealing(SecretKey key, OutputStream out) {
        return new FilterOutputStream(out) {
            private final byte[] buffer = new byte[SEGMENT];
            private int filled;
            private long counter;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (filled == SEGMENT) {
                        // A full segment is sealed only once more data comes: the last one must be marked final.
                        out.write(crypt(Cipher.ENCRYPT_MODE, key, counter++, false, buffer, filled));
                        filled = 0;
                    }
                    int n = Math.min(len, SEGMENT - filled);
                    System.arraycopy(b, off, buffer, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    out.write(crypt(Cipher.ENCRYPT_MODE, key, counter, true, buffer, filled));
                    out.close();
                }
            }
        };
    }

    /** Reads and authenticates every segment of {@code in} without keeping any plaintext. */
    static void verify(SecretKey key, InputStream in) throws IOException {
        InputStream opened = opening(key, in);
        byte[] skip = new byte[SEGMENT];
        while (opened.read(skip) >= 0) {
            // discarded: this pass only checks the tags
        }
    }

    /** An input stream of the plaintext; a segment that does not authenticate fails with an IOException. */
    static InputStream opening(SecretKey key, InputStream in) {
        return new InputStream() {
            private final byte[] sealed = new byte[SEGMENT + TAG + 1];
            private int carried;
            private byte[] plain = new byte[0];
            private int pos;
            private long counter;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (pos == plain.length) {
                    if (done) {
                        return -1;
                    }
                    next();
                }
                int n = Math.min(len, plain.length - pos);
                System.arraycopy(plain, pos, b, off, n);
                pos += n;
                return n;
            }

            /** Reads one segment and one byte beyond it: only the segment that ends the file is final. */
            private void next() throws IOException {
                int have = carried + in.readNBytes(sealed, carried, sealed.length - carried);
                boolean last = have <= SEGMENT + TAG;
                int length = last ? have : SEGMENT + TAG;
                if (length < TAG) {
                    throw new EOFException("the import file is truncated");
                }
                plain = crypt(Cipher.DECRYPT_MODE, key, counter++, last, sealed, length);
                pos = 0;
                done = last;
                carried = have - length;
                if (carried > 0) {
                    sealed[0] = sealed[length];
                }
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static byte[] crypt(int mode, SecretKey key, long counter, boolean last, byte[] data, int length)
            throws IOException {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, key, new GCMParameterSpec(TAG * 8, ByteBuffer.allocate(12).putLong(4, counter).array()));
            c.updateAAD(last ? LAST : MORE);
            return c.doFinal(data, 0, length);
        } catch (GeneralSecurityException e) {
            // The cause says only that a tag did not match: no plaintext, no key.
            throw new IOException("the import file is damaged, truncated or not this job's", e);
        }
    }
}
