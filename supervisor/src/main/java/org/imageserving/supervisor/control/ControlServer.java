package org.imageserving.supervisor.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.imageserving.supervisor.Supervisor;
import org.imageserving.supervisor.process.ComponentStartException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's control port ({@code <tcpport>}, 9910), bound to loopback only. One command per connection, as
 * UTF-8 lines: {@code AUTH <secret>}, then {@code STATUS}, {@code RESTART <id>} or {@code STOP}. The answer ends with a
 * line {@code OK} or {@code ERR <message>}.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final Duration RESTART_TIMEOUT = Duration.ofSeconds(120);
    private final ServerSocket socket;
    private final String secret;
    private final Supervisor supervisor;
    private final Runnable stopAll;
    private volatile boolean closed;

    private ControlServer(ServerSocket socket, String secret, Supervisor supervisor, Runnable stopAll) {
        this.socket = socket;
        this.secret = secret;
        this.supervisor = supervisor;
        this.stopAll = stopAll;
    }

    /** Binds the port; call {@link #serve()} once the supervisor may take commands. */
    public static ControlServer bind(int port, String secret, Supervisor supervisor, Runnable stopAll) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        return new ControlServer(socket, secret, supervisor, stopAll);
    }

    public void serve() {
        Thread acceptor = new Thread(() -> {
            while (!closed) {
                try {
                    Socket connection = socket.accept();
                    Thread handler = new Thread(() -> handle(connection), "control-connection");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warn("control port accept failed: {}", e.getMessage());
                    }
                }
            }
        }, "control-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void handle(Socket connection) {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(connection.getOutputStream(), true, StandardCharsets.UTF_8)) {
            if (!connection.getInetAddress().isLoopbackAddress()) {
                return;
            }
            connection.setSoTimeout(5_000);
            String auth = in.readLine();
            if (auth == null || !auth.startsWith("AUTH ") || !ControlSecret.matches(secret, auth.substring(5).strip())) {
                LOG.warn("refused a control connection without the right secret");
                out.println("ERR not authorized: only the owner of this installation may control it");
                return;
            }
            String command = Optional.ofNullable(in.readLine()).orElse("").strip();
            connection.setSoTimeout(0);
            execute(command, out);
        } catch (IOException e) {
            LOG.debug("control connection ended: {}", e.getMessage());
        }
    }

    private void execute(String command, PrintWriter out) {
        String[] words = command.split("\\s+");
        switch (words[0]) {
            case "STATUS" -> {
                out.println(StatusReport.of(supervisor).toJson());
                out.println("OK");
            }
            case "RESTART" -> {
                if (words.length != 2 || supervisor.component(words[1]).isEmpty()) {
                    out.println("ERR usage: RESTART is|svg|ps");
                    return;
                }
                LOG.info("restart of {} requested on the control port", words[1]);
                try {
                    supervisor.restart(words[1], RESTART_TIMEOUT);
                    out.println(StatusReport.of(supervisor).toJson());
                    out.println("OK");
                } catch (ComponentStartException e) {
                    out.println("ERR " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    out.println("ERR interrupted");
                }
            }
            case "STOP" -> {
                LOG.info("stop requested on the control port");
                out.println("OK");
                out.flush();
                Thread stopper = new Thread(stopAll, "stop-all");
                stopper.start();
            }
            default -> out.println("ERR unknown command '" + command + "'");
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
