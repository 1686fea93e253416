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

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts s3proxy with its objects under {@code folder}; returns once it accepts connections. */
    public static S3ProxyServer start(Path folder) {
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
            S3ProxyServer server = new S3ProxyServer(process, port);
            server.awaitListening(folder.resolve("s3proxy.log"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(Path log) throws IOException {
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
