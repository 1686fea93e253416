package org.imageserving.ps.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log in a real Tomcat: the {@code %{Name}r} fields a servlet hands over in its {@link RequestLog} (one
 * request attribute) are written as the attributes were, encoded, with {@code -} for what is empty or missing; a
 * field set with {@link AccessLogFields#set} later wins, one set before the log was attached still shows. Lines far
 * longer than Tomcat's default kept buffer come out whole.
 */
class ImageServingAccessLogTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path folder;
    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void start() throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(folder.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        ImageServingAccessLog log = new ImageServingAccessLog();
        log.setDirectory(folder.resolve("logs").toString());
        log.setPrefix("access-");
        log.setSuffix(".log");
        log.setBuffered(false);
        log.setPattern("%s [%{CacheUse}r] [%{Exception}r] [%{Empty}r] [%{Missing}r] [%{Direct}r] [%{Before}r] "
                + "[%{Long}r]");
        tomcat.getEngine().getPipeline().addValve(log);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "fields", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                AccessLogFields.set(request, "Before", "set before");
                RequestLog fields = new RequestLog();
                fields.set("CacheUse", "REUSED");
                fields.set("Exception", "no such object: a b%c");
                fields.set("Empty", "");
                fields.set("Direct", "from the log");
                fields.set("Long", "x".repeat(5000));
                fields.applyTo(request);
                if ("/twice".equals(request.getPathInfo())) {
                    RequestLog second = new RequestLog();
                    second.set("CacheUse", "CREATED");
                    second.applyTo(request);
                }
                AccessLogFields.set(request, "Direct", "set later");
                response.setContentType("text/plain");
                response.getWriter().write("ok");
            }
        });
        context.addServletMappingDecoded("/f/*", "fields");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void fieldsOfTheRequestLogAreWrittenEncodedAndTheLaterValueWins() throws Exception {
        get("/f/a");
        get("/f/b");
        List<String> lines = lines(2);
        for (String line : lines) {
            assertThat(line).startsWith("200 [REUSED] [no%20such%20object:%20a%20b%25c] [-] [-] [set%20later] [set%20before] [")
                    .endsWith("x".repeat(5000) + "]");
        }
    }

    @Test
    void aSecondLogOnTheSameRequestWins() throws Exception {
        get("/f/twice");
        assertThat(lines(1).get(0)).startsWith("200 [CREATED] [no%20such%20object");
    }

    private void get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    /** The log's lines once it has {@code count} (Tomcat writes a line after the reply has gone out). */
    private List<String> lines(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lines;
            try (Stream<Path> files = Files.list(folder.resolve("logs"))) {
                lines = files.filter(f -> f.getFileName().toString().startsWith("access-"))
                        .flatMap(f -> {
                            try {
                                return Files.readAllLines(f).stream();
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }).toList();
            } catch (java.nio.file.NoSuchFileException e) {
                lines = List.of();
            }
            if (lines.size() >= count || System.nanoTime() > deadline) {
                assertThat(lines).hasSize(count);
                return lines;
            }
            Thread.sleep(20);
        }
    }
}
