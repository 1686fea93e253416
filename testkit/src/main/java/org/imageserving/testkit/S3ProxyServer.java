package org.imageserving.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server for tests: s3proxy (Maven Central, {@code org.gaul:s3proxy}) in a JVM of its own on a loopback
 * port, storing objects in a folder (jclouds' filesystem backend) and accepting one test credential, AWS signature v2
 * or v4. {@link #close()} stops it.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String IDENTITY = "test-access-key";
    public static final String CREDENTIAL = "test-secret-key-not-for-logs";
    private final Process process;
    private final int port;

    private final Path log;

    private S3ProxyServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts s3proxy with its objects under {@code folder}; returns once it accepts connections. */
    public static S3ProxyServer start(Path folder) {
        S3ProxyServer server = launch(folder);
        server.awaitListening();
        return server;
    }

    /**
     * Starts s3proxy and returns at once (its JVM takes seconds to listen: a test prepares its files meanwhile);
     * {@link #awaitListening()} before use.
     */
    public static S3ProxyServer launch(Path folder) {
        try {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path data = Files.createDirectories(folder.resolve("buckets"));
            Path properties = folder.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + IDENTITY,
                    "s3proxy.credential=" + CREDENTIAL,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data,
                    "jclouds.identity=" + IDENTITY,
                    "jclouds.credential=" + CREDENTIAL) + "\n");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), "org.gaul.s3proxy.Main", "--properties",
                    properties.toString()))
                    .redirectErrorStream(true).redirectOutput(folder.resolve("s3proxy.log").toFile()).start();
            return new S3ProxyServer(process, port, folder.resolve("s3proxy.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once s3proxy accepts connections; fails with its log when it exits or takes over 60 s. */
    public void awaitListening() {
        try {
            await();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void await() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("s3proxy exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket ignored = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        close();
        throw new AssertionError("s3proxy did not listen within 60 s: " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
