package org.imageserving.supervisor.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Talks to a running supervisor on its control port, presenting the owner's secret. */
public final class ControlClient {
    private final int port;
    private final Path tempFolder;

    public ControlClient(int port, Path tempFolder) {
        this.port = port;
        this.tempFolder = tempFolder;
    }

    /** Nobody listens on the control port: the supervisor is not running. */
    public static final class NotRunningException extends IOException {
        public NotRunningException(String message) {
            super(message);
        }
    }

    /** The supervisor answered {@code ERR ...}, or the caller may not control it. */
    public static final class CommandFailedException extends IOException {
        public CommandFailedException(String message) {
            super(message);
        }
    }

    /** Sends one command; returns the lines before {@code OK}. */
    public List<String> send(String command, Duration timeout) throws IOException {
        String secret;
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            } catch (ConnectException e) {
                throw new NotRunningException("ImageServing is not running (supervisor not reachable on 127.0.0.1:" + port + ").");
            }
            try {
                secret = ControlSecret.read(tempFolder);
            } catch (NoSuchFileException e) {
                throw new CommandFailedException("something listens on 127.0.0.1:" + port
                        + " but this installation's supervisor secret " + tempFolder.resolve(ControlSecret.FILE_NAME)
                        + " does not exist: is another program or installation using the port?");
            } catch (java.nio.file.AccessDeniedException e) {
                throw new CommandFailedException("permission denied reading " + tempFolder.resolve(ControlSecret.FILE_NAME)
                        + ": only the owner of this installation may control it");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.println("AUTH " + secret);
            out.println(command);
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("OK")) {
                    return lines;
                }
                if (line.startsWith("ERR ")) {
                    throw new CommandFailedException(line.substring(4));
                }
                lines.add(line);
            }
            throw new CommandFailedException("the supervisor closed the connection without an answer");
        }
    }

    public StatusReport status() throws IOException {
        List<String> lines = send("STATUS", Duration.ofSeconds(30));
        if (lines.isEmpty()) {
            throw new CommandFailedException("empty status answer");
        }
        return StatusReport.fromJson(lines.get(0));
    }
}
