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
import java.nio.file.Path;
import java.time.Duration;
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

class MethodValveTest {
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
        tomcat.getEngine().getPipeline().addValve(new MethodValve());
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "ok", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("ok");
            }
        });
        context.addServletMappingDecoded("/is/image", "ok");
        tomcat.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    private HttpResponse<String> send(String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/is/image"))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "PROPFIND", "PUT", "DELETE", "PATCH", "CONNECTX"})
    void everyOtherMethodIsA405InTheProtocolsErrorForm(String method) throws Exception {
        HttpResponse<String> response = send(method);
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(response.body()).startsWith("#S7Z ERROR\nerror.title=Method not allowed");
    }

    @Test
    void getPassesThrough() throws Exception {
        assertThat(send("GET").body()).isEqualTo("ok");
    }

    @Test
    void aRequestLineTomcatCannotParseIsStillItsOwn400() throws Exception {
        for (String garbage : new String[] {"\u0001\u0002\u0003 garbage\r\n\r\n", "GET\r\n\r\n"}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write(garbage.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(),
                        java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(answer).as(garbage).startsWith("HTTP/1.1 400");
            }
        }
    }
}
