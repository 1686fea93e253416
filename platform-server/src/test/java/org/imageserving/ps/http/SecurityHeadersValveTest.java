package org.imageserving.ps.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The valve as ps installs it, in a real Tomcat: nosniff on every kind of reply, and no stack trace in a 500. */
class SecurityHeadersValveTest {
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
        ((StandardHost) tomcat.getHost()).setErrorReportValveClass(PlainTextErrorValve.class.getName());
        tomcat.getEngine().getPipeline().addValve(new SecurityHeadersValve());
        tomcat.getEngine().getPipeline().addValve(new MethodValve());
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "ok", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                switch (request.getPathInfo() == null ? "" : request.getPathInfo()) {
                    case "/throws" -> throw new IllegalStateException("internal detail that must not leak");
                    case "/error" -> ErrorResponse.send(response, 403, "Invalid request", "no such object");
                    case "/send-error" -> response.sendError(404);
                    default -> {
                        response.setContentType("text/plain");
                        response.getWriter().write("<html><script>alert(1)</script>");
                    }
                }
            }
        });
        context.addServletMappingDecoded("/is/content/*", "ok");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    private HttpResponse<String> get(String path, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/is/content/a.txt", "/is/content/throws", "/is/content/error", "/is/content/send-error",
            "/nowhere", "/is/content/%2e%2e/%2e%2e/etc/passwd"})
    void everyReplyCarriesNosniff(String path) throws Exception {
        for (String method : new String[] {"GET", "HEAD", "PROPFIND"}) {
            HttpResponse<String> response = get(path, method);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as("%s %s: %d", method, path,
                    response.statusCode()).hasValue("nosniff");
        }
    }

    @Test
    void aFailureIsAPlain500WithoutTheStackTrace() throws Exception {
        HttpResponse<String> response = get("/is/content/throws", "GET");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).startsWith("#S7Z ERROR").doesNotContain("IllegalStateException")
                .doesNotContain("internal detail").doesNotContain("\tat ");
    }

    @Test
    void aRequestLineTomcatCannotParseIsAnswered400WithNosniff() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /is/content/a\u001b[31m HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase(Locale.ROOT)).contains("x-content-type-options: nosniff");
        }
    }
}
