package org.stratacache.core.internal.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Store-by-value through Java serialization, for every layer that copies: a region's local tier (Ehcache's
 * copier), the distributed tier's near cache, and the JCache provider (keys copied once, values kept
 * serialized). A copy shares no mutable state with its original, so neither the caller who stored a value
 * nor a reader can change what the cache holds.
 *
 * <p>Errors say whose setting it is: a value that is not serializable is refused with an
 * {@link IllegalArgumentException} naming the owner ("region 'orders'", "cache 'orders'"), the class that is
 * not serializable, and how to turn store-by-value off; any other failure (a class that cannot be resolved
 * on the way back) leaves as the owner's failure type (an {@code IllegalStateException} for a region, which
 * degrades like any tier failure; a {@code CacheException} for a JCache cache).
 *
 * <p>Classes (and proxy classes) are resolved through the copier's class loader first (or the one a call
 * names), then as {@link ObjectInputStream} does by default. Thread-safe and stateless between calls.
 */
public final class SerializingCopier {
    private final String owner;
    private final String remedy;
    private final ClassLoader classLoader;
    private final BiFunction<String, Throwable, ? extends RuntimeException> failure;

    /**
     * @param owner       whose copies these are, as error messages name it ("region 'orders'")
     * @param remedy      how to stop copying, completing "make it Serializable or …"
     * @param classLoader tried first when reading classes back
     * @param failure     the owner's exception for failures other than a value that is not serializable
     */
    public SerializingCopier(String owner, String remedy, ClassLoader classLoader,
                             BiFunction<String, Throwable, ? extends RuntimeException> failure) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.remedy = Objects.requireNonNull(remedy, "remedy");
        this.classLoader = classLoader;
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** The copier of a region's tier: failures other than a non-serializable value are tier failures. */
    public static SerializingCopier forRegion(String region, ClassLoader classLoader) {
        return new SerializingCopier("region '" + region + "'",
                "set strata.region." + region + ".store-by-value=false", classLoader, IllegalStateException::new);
    }

    /** The serialized form of {@code object}; {@code what} names it in errors ("value", "key"). */
    public byte[] serialize(Object object, String what) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(object);
            }
            return bytes.toByteArray();
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(owner + " stores by value, but " + e.getMessage() + " (in the "
                    + what + ") is not Serializable; make it Serializable or " + remedy, e);
        } catch (IOException e) {
            throw failure.apply(owner + ": cannot serialize the " + what, e);
        }
    }

    /** The object {@link #serialize} turned into {@code bytes}, read back with the copier's class loader. */
    public Object deserialize(byte[] bytes) {
        return deserialize(bytes, classLoader);
    }

    /** A deep copy of {@code object}, read back with the copier's class loader. */
    public <T> T copy(T object, String what) {
        return copy(object, what, classLoader);
    }

    /** A deep copy of {@code object}, read back with {@code loader} first. */
    @SuppressWarnings("unchecked")
    public <T> T copy(T object, String what, ClassLoader loader) {
        return (T) deserialize(serialize(object, what), loader);
    }

    private Object deserialize(byte[] bytes, ClassLoader loader) {
        try (ObjectInputStream in = new LoaderObjectInputStream(bytes, loader)) {
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw failure.apply(owner + ": cannot read a stored value back", e);
        }
    }

    /** Resolves classes through a given loader first ({@code null}: the bootstrap loader), then as usual. */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(byte[] bytes, ClassLoader loader) throws IOException {
            super(new ByteArrayInputStream(bytes));
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    Class<?>[] types = new Class<?>[interfaces.length];
                    for (int i = 0; i < interfaces.length; i++) {
                        types[i] = Class.forName(interfaces[i], false, loader);
                    }
                    @SuppressWarnings("deprecation")
                    Class<?> proxy = Proxy.getProxyClass(loader, types);
                    return proxy;
                } catch (ClassNotFoundException | IllegalArgumentException e) {
                    // not visible through that loader: resolve as the stream does by default
                }
            }
            return super.resolveProxyClass(interfaces);
        }
    }
}
