package io.neuronetes.forecast.store;

import io.neuronetes.forecast.ForecastModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The on-disk form of a model: a magic number and format version, then the deflated Java serialization of the
 * model. Reading accepts only the classes a model is made of (this project's forecast classes, arrays and a few
 * JDK value classes), so a tampered file cannot instantiate anything else.
 */
final class ModelCodec {

    private static final int MAGIC = 0x4E4E4D31; // "NNM1"
    static final int FORMAT = 1;
    private static final ObjectInputFilter FILTER = ModelCodec::check;

    private ModelCodec() {
    }

    static byte[] serialize(ForecastModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream head = new DataOutputStream(bytes)) {
            head.writeInt(MAGIC);
            head.writeInt(FORMAT);
            DeflaterOutputStream z = new DeflaterOutputStream(head);
            ObjectOutputStream out = new ObjectOutputStream(z);
            out.writeObject(model);
            out.flush();
            z.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the model (is every part Serializable?)", e);
        }
        return bytes.toByteArray();
    }

    static ForecastModel deserialize(byte[] bytes) throws IOException {
        DataInputStream head = new DataInputStream(new ByteArrayInputStream(bytes));
        if (head.readInt() != MAGIC) {
            throw new IOException("not a model file (bad magic number)");
        }
        int format = head.readInt();
        if (format != FORMAT) {
            throw new IOException("unsupported model format " + format + " (this version reads " + FORMAT + ")");
        }
        try (ObjectInputStream in = new ObjectInputStream(new InflaterInputStream(head))) {
            in.setObjectInputFilter(FILTER);
            Object o = in.readObject();
            if (!(o instanceof ForecastModel m)) {
                throw new IOException("the file holds a " + o.getClass().getName() + ", not a forecast model");
            }
            return m;
        } catch (ClassNotFoundException | InvalidClassException | ClassCastException e) {
            throw new IOException("cannot read the model: " + e.getMessage(), e);
        }
    }

    private static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
        Class<?> c = info.serialClass();
        if (c == null) {
            return info.depth() > 64 ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
        }
        while (c.isArray()) {
            c = c.getComponentType();
        }
        String n = c.getName();
        boolean ok = c.isPrimitive() || n.startsWith("io.neuronetes.forecast.") || n.startsWith("java.lang.")
                || n.startsWith("java.time.") || n.startsWith("java.util.ImmutableCollections")
                || n.equals("java.util.ArrayList") || n.startsWith("java.util.CollSer");
        return ok ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    }
}
