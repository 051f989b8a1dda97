package org.stratacache.core.internal.writebehind;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.stratacache.core.writebehind.jdbc.TableRow;

/**
 * Encodes journaled keys and values compactly: the types write-behind rows are made of (strings, numbers,
 * booleans, byte arrays, lists, {@link TableRow}s) get a one-byte tag and their bytes; anything else falls
 * back to Java serialization (so it must be {@link java.io.Serializable}). A fresh
 * {@code ObjectOutputStream} per record would write every class descriptor every time, several times
 * the size of the data.
 */
final class JournalValueCodec {
    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int LONG = 2;
    private static final int INT = 3;
    private static final int LIST = 4;
    private static final int ROW = 5;
    private static final int DOUBLE = 6;
    private static final int BOOLEAN = 7;
    private static final int DECIMAL = 8;
    private static final int BYTES = 9;
    private static final int SERIALIZED = 255;

    private JournalValueCodec() {
    }

    static void write(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof TableRow row) {
            out.writeByte(ROW);
            writeList(out, row.columns());
            writeList(out, row.values());
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            writeList(out, list);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            writeBytes(out, d.toString().getBytes(StandardCharsets.US_ASCII));
        } else if (v instanceof byte[] b) {
            out.writeByte(BYTES);
            writeBytes(out, b);
        } else {
            out.writeByte(SERIALIZED);
            writeBytes(out, serialize(v));
        }
    }

    static Object read(DataInputStream in) throws IOException, ClassNotFoundException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> new String(readBytes(in), StandardCharsets.UTF_8);
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case ROW -> {
                List<Object> columns = readList(in);
                List<Object> values = readList(in);
                yield TableRow.of(columns.stream().map(String.class::cast).toList(), values);
            }
            case LIST -> Collections.unmodifiableList(readList(in));
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case DECIMAL -> new BigDecimal(new String(readBytes(in), StandardCharsets.US_ASCII));
            case BYTES -> readBytes(in);
            case SERIALIZED -> {
                try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(readBytes(in)))) {
                    yield ois.readObject();
                }
            }
            default -> throw new IOException("unknown journal value tag " + tag);
        };
    }

    private static void writeList(DataOutputStream out, List<?> list) throws IOException {
        out.writeInt(list.size());
        for (Object e : list) {
            write(out, e);
        }
    }

    private static List<Object> readList(DataInputStream in) throws IOException, ClassNotFoundException {
        int n = in.readInt();
        List<Object> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(read(in));
        }
        return list;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }

    private static byte[] serialize(Object v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(v);
        } catch (NotSerializableException e) {
            throw new NotSerializableException(v.getClass().getName());
        }
        return bytes.toByteArray();
    }
}
