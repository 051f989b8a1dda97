package org.stratacache.core.internal.writebehind;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import org.stratacache.core.writebehind.PendingWrite;

/**
 * The on-disk form of one journal record:
 * <pre>
 *   int   length of what follows, crc included
 *   long  sequence
 *   byte  0 = put, 1 = delete
 *   bytes the key, then the value (puts only), as {@link JournalValueCodec} writes them
 *   int   CRC32C of sequence, kind and payload
 * </pre>
 * A record that is cut short or whose CRC does not match marks the end of what was written before a
 * crash (a write is acknowledged only after its whole record reached the file).
 */
final class JournalRecordCodec {
    static final int HEADER = Integer.BYTES;
    private static final int MAX_RECORD = 64 * 1024 * 1024;

    private JournalRecordCodec() {
    }

    /** The key and value serialized; done outside the queue lock, the sequence is added later. */
    static byte[] payload(String queueName, Object key, Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            JournalValueCodec.write(out, key);
            if (value != null) {
                JournalValueCodec.write(out, value);
            }
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("write-behind queue '" + queueName + "' keeps a journal, so keys and "
                    + "values must be java.io.Serializable; " + e.getMessage() + " is not", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a write for the journal of '" + queueName + "'", e);
        }
        return bytes.toByteArray();
    }

    static ByteBuffer encode(long sequence, boolean delete, byte[] payload) {
        int length = Long.BYTES + 1 + payload.length + Integer.BYTES;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + length);
        buf.putInt(length).putLong(sequence).put((byte) (delete ? 1 : 0)).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), HEADER, length - Integer.BYTES);
        buf.putInt((int) crc.getValue());
        buf.flip();
        return buf;
    }

    /**
     * Decodes the record at the buffer's position, advancing past it; {@code null} (position unchanged)
     * when what is left is not a whole, intact record.
     */
    static PendingWrite<Object, Object> decode(ByteBuffer buf) {
        int start = buf.position();
        if (buf.remaining() < HEADER) {
            return null;
        }
        int length = buf.getInt();
        if (length < Long.BYTES + 1 + Integer.BYTES || length > MAX_RECORD || buf.remaining() < length) {
            buf.position(start);
            return null;
        }
        int body = buf.position();
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), buf.arrayOffset() + body, length - Integer.BYTES);
        int stored = buf.getInt(body + length - Integer.BYTES);
        if (stored != (int) crc.getValue()) {
            buf.position(start);
            return null;
        }
        long sequence = buf.getLong();
        boolean delete = buf.get() == 1;
        int payloadLength = length - Long.BYTES - 1 - Integer.BYTES;
        try (DataInputStream in = new DataInputStream(
                new ByteArrayInputStream(buf.array(), buf.arrayOffset() + buf.position(), payloadLength))) {
            Object key = JournalValueCodec.read(in);
            Object value = delete ? null : JournalValueCodec.read(in);
            buf.position(body + length);
            return new PendingWrite<>(key, value, delete, sequence);
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("journal record #" + sequence + " passed its checksum but cannot be "
                    + "deserialized (are the key and value classes on the class path?)", e);
        }
    }
}
