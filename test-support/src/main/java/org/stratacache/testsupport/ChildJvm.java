package org.stratacache.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.jar.JarFile;

/**
 * Starts a {@code main} class in a child JVM on this JVM's class path, the way the crash, process and
 * class-path tests need one:
 * <pre>{@code
 * Process child = ChildJvm.of(Worker.class).jvmArgs("-Xmx128m").args(url, dir.toString())
 *         .stderrTo(dir.resolve("child-stderr.txt")).start();
 * }</pre>
 * The child gets this JVM's settings that keep tests on loopback and quiet ({@link #FORWARDED_PROPERTIES},
 * when set here). Its stdout is a pipe to read with {@link ProcessLines}; its stderr goes where
 * {@link #stderrTo}, {@link #inheritStderr} or {@link #mergeStderr} say (a pipe of its own by default).
 */
public final class ChildJvm {
    /** System properties handed on to the child when this JVM has them. */
    public static final List<String> FORWARDED_PROPERTIES = List.of("java.net.preferIPv4Stack",
            "hazelcast.phone.home.enabled", "hazelcast.logging.type", "org.jboss.logging.provider",
            "slf4j.provider", "slf4j.internal.verbosity", "java.util.logging.config.class", "h2.bindAddress");

    private final String mainClass;
    private List<String> classPath = List.of(System.getProperty("java.class.path"));
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private ProcessBuilder.Redirect stderr = ProcessBuilder.Redirect.PIPE;
    private boolean mergeStderr;

    private ChildJvm(String mainClass) {
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
    }

    public static ChildJvm of(Class<?> mainClass) {
        return new ChildJvm(mainClass.getName());
    }

    /** Options for the child's JVM ({@code -Xmx256m}, {@code -Dkey=value}), before the main class. */
    public ChildJvm jvmArgs(String... options) {
        jvmArgs.addAll(List.of(options));
        return this;
    }

    /** Arguments to {@code main}. */
    public ChildJvm args(String... arguments) {
        args.addAll(List.of(arguments));
        return this;
    }

    /** This JVM's class path without the entries whose file name {@code dropped} accepts. */
    public ChildJvm classPathWithout(Predicate<String> dropped) {
        List<String> kept = new ArrayList<>();
        for (String entry : expandedClassPath()) {
            if (!dropped.test(new File(entry).getName())) {
                kept.add(entry);
            }
        }
        classPath = kept;
        return this;
    }

    /** The child's stderr goes to {@code file} (read it when the child misbehaves). */
    public ChildJvm stderrTo(Path file) {
        stderr = ProcessBuilder.Redirect.to(file.toFile());
        mergeStderr = false;
        return this;
    }

    /** The child's stderr goes to this JVM's stderr. */
    public ChildJvm inheritStderr() {
        stderr = ProcessBuilder.Redirect.INHERIT;
        mergeStderr = false;
        return this;
    }

    /** The child's stderr is merged into its stdout. */
    public ChildJvm mergeStderr() {
        mergeStderr = true;
        return this;
    }

    /** The whole command line, for messages. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String key : FORWARDED_PROPERTIES) {
            String value = System.getProperty(key);
            if (value != null) {
                command.add("-D" + key + "=" + value);
            }
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command());
        if (mergeStderr) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(stderr);
        }
        return builder.start();
    }

    /**
     * This JVM's class path entry by entry, with surefire's manifest-only jar (whose {@code Class-Path}
     * names the real entries) opened up.
     */
    public static List<String> expandedClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String manifestClassPath = manifestClassPath(entry);
            if (manifestClassPath == null) {
                entries.add(entry);
                continue;
            }
            for (String url : manifestClassPath.trim().split("\\s+")) {
                URI uri = new File(entry).toURI().resolve(url);
                entries.add(new File(uri).getPath());
            }
        }
        return entries;
    }

    private static String manifestClassPath(String entry) {
        if (!entry.endsWith(".jar") || !new File(entry).getName().startsWith("surefirebooter")) {
            return null;
        }
        try (JarFile jar = new JarFile(entry)) {
            return jar.getManifest().getMainAttributes().getValue("Class-Path");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + entry, e);
        }
    }
}
