package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cache hits answered below Catalina ({@code PS::cache.directHits}, on by default) against the same hits answered
 * through the servlet ({@code cache.directHits=false}, ps restarted). Every kind of hit (plain, HEAD, 304 by ETag and
 * by date, a rule set's header, Last-Modified, no-store, validated against its source) must give the same status,
 * the same header fields in the same order with the same values (Date and Expires as the clock allows), the same
 * body and the same access log line (its times and thread aside). The direct path's own counter shows it answered
 * them, and a request Tomcat found bad goes to Catalina; misses still render.
 */
class DirectHitsIT {
    private static final String COUNTER = "imageserving_direct_cache_hits_total";
    @TempDir
    static Path folder;
    static TestInstallation system;

    /** The hits compared: a name, the request target and extra request header lines. */
    private record Hit(String name, String method, String target, List<String> headers) {}

    private static final String PLAIN = "/is/image/hits/tower.jpg?wid=40";
    private static final String DEFAULT_CATALOG = "/is/image/samples/landscape.jpg?wid=30&qlt=70";
    private static final String NO_STORE = "/is/image/samples/tiles.png?wid=20&fmt=png&cache=off,on";
    /** Checked against its unchanged source on every request: served VALIDATED. */
    private static final String VALIDATE = "/is/image/samples/tiles.png?wid=24&cache=on,validate";

    @BeforeAll
    static void start() throws IOException {
        system = TestInstallation.create(folder);
        system.writeCatalog("hits.ini", "RootId=hits\nRootPath=samples\nUseLastModified=1\nExpiration=2\n"
                + "RuleSetFile=hits-rules.xml\n");
        system.writeCatalog("hits-rules.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ruleset>
                  <rule OnMatch="continue"><expression>wid=</expression>
                    <header Name="Edge-Control">max-age=60</header></rule>
                </ruleset>
                """);
        system.start();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void hitsBelowCatalinaAreTheServletsHitsByteForByte() throws Exception {
        for (String target : List.of(PLAIN, DEFAULT_CATALOG, NO_STORE, VALIDATE)) {
            Response miss = request("GET", target);
            assertThat(miss.status()).as("a miss still renders: %s", target).isEqualTo(200);
            assertThat(miss.body()).isNotEmpty();
        }
        String etag = request("GET", PLAIN).header("ETag");
        assertThat(etag).startsWith("\"");
        List<Hit> hits = List.of(
                new Hit("plain", "GET", PLAIN, List.of()),
                new Hit("head", "HEAD", PLAIN, List.of()),
                new Hit("etag", "GET", PLAIN, List.of("If-None-Match: " + etag)),
                new Hit("date", "GET", PLAIN, List.of("If-Modified-Since: " + DateTimeFormatter.RFC_1123_DATE_TIME
                        .format(ZonedDateTime.now().plusDays(1)))),
                new Hit("default", "GET", DEFAULT_CATALOG, List.of("Accept: image/webp,*/*")),
                new Hit("noStore", "GET", NO_STORE, List.of()),
                new Hit("validated", "GET", VALIDATE, List.of()));

        double before = system.metrics().getOrDefault(COUNTER, 0.0);
        Map<String, Response> direct = answers(hits, "direct");
        Response badHostDirect = request("GET", PLAIN, "Host: bad host");
        assertThat(system.metrics().get(COUNTER) - before).as("answered below Catalina, but for the bad Host")
                .isEqualTo(hits.size());

        system.edit("PlatformServer.conf", Map.of("cache.directHits=true", "cache.directHits=false"));
        Run restart = system.script("restart", "ps");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        for (String target : List.of(PLAIN, DEFAULT_CATALOG, NO_STORE, VALIDATE)) {
            assertThat(request("GET", target).status()).isEqualTo(200); // the plans again
        }
        Map<String, Response> servlet = answers(hits, "servlet");
        Response badHostServlet = request("GET", PLAIN, "Host: bad host");
        assertThat(system.metrics().getOrDefault(COUNTER, 0.0)).as("all through the servlet").isZero();

        assertThat(direct.get("plain").status()).isEqualTo(200);
        assertThat(direct.get("head").body()).isEmpty();
        assertThat(direct.get("etag").status()).isEqualTo(304);
        assertThat(direct.get("date").status()).isEqualTo(304);
        assertThat(direct.get("plain").header("Edge-Control")).isEqualTo("max-age=60");
        assertThat(direct.get("plain").header("Last-Modified")).isNotNull();
        assertThat(direct.get("noStore").header("Cache-Control")).isEqualTo("no-store");
        for (Hit hit : hits) {
            Response a = direct.get(hit.name());
            Response b = servlet.get(hit.name());
            assertThat(a.statusLine()).as(hit.name()).isEqualTo(b.statusLine());
            assertThat(a.headerNames()).as(hit.name()).isEqualTo(b.headerNames());
            assertThat(a.headersWithout("Date", "Expires")).as(hit.name())
                    .isEqualTo(b.headersWithout("Date", "Expires"));
            assertThat(a.body()).as(hit.name()).isEqualTo(b.body());
            if (a.header("Expires") != null) {
                assertThat(seconds(a.header("Expires")) - seconds(a.header("Date")))
                        .isEqualTo(seconds(b.header("Expires")) - seconds(b.header("Date")));
            }
        }

        assertThat(badHostDirect.status()).as("Tomcat's 400 for an invalid Host, reported by Catalina").isEqualTo(400);
        assertThat(badHostDirect.statusLine()).isEqualTo(badHostServlet.statusLine());
        assertThat(badHostDirect.headerNames()).isEqualTo(badHostServlet.headerNames());
        assertThat(badHostDirect.body()).isEqualTo(badHostServlet.body());

        // the access log is flushed every few seconds
        await("the access log lines of every hit are written", Duration.ofSeconds(30),
                () -> hitLines("servlet").size() == hits.size());
        List<String> directLines = hitLines("direct");
        List<String> servletLines = hitLines("servlet");
        assertThat(directLines).hasSize(hits.size());
        assertThat(directLines.subList(0, hits.size() - 1)).allMatch(line -> line.contains(" REUSED "));
        assertThat(directLines.get(hits.size() - 1)).contains(" VALIDATED ");
        assertThat(directLines.stream().map(DirectHitsIT::withoutTimes).toList())
                .isEqualTo(servletLines.stream().map(DirectHitsIT::withoutTimes).toList());
    }

    /** The hits, sent with {@code referer} as Referer: it marks their access log lines and changes nothing else. */
    private static Map<String, Response> answers(List<Hit> hits, String referer) {
        Map<String, Response> answers = new LinkedHashMap<>();
        for (Hit hit : hits) {
            List<String> headers = new ArrayList<>(hit.headers());
            headers.add("Referer: " + referer);
            answers.put(hit.name(), request(hit.method(), hit.target(), headers.toArray(String[]::new)));
        }
        return answers;
    }

    /** The access log lines of the requests sent with this Referer, in their order. */
    private static List<String> hitLines(String referer) {
        return accessLog().lines().filter(l -> l.contains(" '" + referer + "' ")).toList();
    }

    /**
     * A line without what differs between two identical requests: %G (3 fields), %D, ParseTime, FetchTime, %O, the
     * worker thread and the Referer that marks the two rounds (the shipped pattern's fields 0-2, 7-10, 15 and 16).
     */
    private static String withoutTimes(String line) {
        String[] fields = line.split(" ");
        for (int i : new int[] {0, 1, 2, 7, 8, 9, 10, 15, 16}) {
            fields[i] = "*";
        }
        return String.join(" ", fields);
    }

    private static long seconds(String httpDate) {
        return ZonedDateTime.parse(httpDate, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
    }

    private static String accessLog() {
        try (Stream<Path> files = Files.list(system.root.resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("access-")).sorted().toList()) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reply as it came over the wire: status line, header fields in order, body. */
    private record Response(String statusLine, List<String[]> headers, byte[] body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }

        List<String> headerNames() {
            return headers.stream().map(h -> h[0]).toList();
        }

        List<String> headersWithout(String... names) {
            List<String> skipped = Arrays.asList(names);
            return headers.stream().filter(h -> !skipped.contains(h[0])).map(h -> h[0] + ": " + h[1]).toList();
        }
    }

    /** One request on its own connection, read to its end: the bytes as sent, not as an HTTP client rebuilds them. */
    private static Response request(String method, String target, String... headerLines) {
        try (Socket socket = new Socket("127.0.0.1", system.psPort)) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            if (Arrays.stream(headerLines).noneMatch(line -> line.startsWith("Host:"))) {
                request.append("Host: 127.0.0.1:").append(system.psPort).append("\r\n");
            }
            request.append("Connection: close\r\n");
            for (String line : headerLines) {
                request.append(line).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("a complete header block").isPositive();
            String[] lines = text.substring(0, end).split("\r\n");
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()});
            }
            return new Response(lines[0], headers, Arrays.copyOfRange(bytes, end + 4, bytes.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
