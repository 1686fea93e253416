package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input suite: against one running system, every request a crawler, scanner or broken upload might send
 * (malformed and oversized URLs, thousands of modifiers, broken escapes, absurd numbers, deep and looping nesting,
 * path traversal wherever a path is accepted, corrupt and mislabelled files, decompression bombs in every source
 * format, hostile SVG) must get a documented status (a 4xx with the protocol's error text, never a 500) within
 * {@link #BOUND_MILLIS}, no component may restart, and the system must still serve a normal image afterwards. Every
 * file is generated at test time ({@link HostileFiles}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    /** Each request must be answered within this time (on a loaded 2-core machine). */
    static final long BOUND_MILLIS = 5_000;
    static final IntPredicate USAGE = s -> s == 403;
    static final IntPredicate REFUSED = s -> s >= 400 && s < 500;
    static final IntPredicate SERVED_OR_USAGE = s -> s == 200 || s == 403;

    @TempDir
    static Path folder;
    static TestInstallation system;
    static Tripwire tripwire;
    static com.sun.net.httpserver.HttpServer origin;
    static Map<String, Long> pidsBefore;
    static final List<String> findings = new CopyOnWriteArrayList<>();
    static final List<String> report = new CopyOnWriteArrayList<>();
    static int cases;
    static long slowest;
    static String slowestCase = "";

    /** Markers of what lies outside every root: seeing one in a reply is an escape. */
    static final String SECRET_TEXT = "TOPSECRET-4c1b";

    @BeforeAll
    static void start() throws IOException {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        tripwire = new Tripwire();
        Path secretPng = folder.resolve("secret.png");
        HostileFiles.write(secretPng, HostileFiles.solidPng(32, 32, 0xFF00FF));
        HostileFiles.write(folder.resolve("secret.txt"), SECRET_TEXT + "\n");
        HostileFiles.write(folder.resolve("static-content/ok.txt"), "fine\n");

        Path h = folder.resolve("images/hostile");
        HostileFiles.write(h.resolve("ok.png"), HostileFiles.png(64, 48));
        for (String suffix : List.of("jpg", "png", "gif", "tif", "webp", "psd", "bmp", "svg", "ptif")) {
            HostileFiles.write(h.resolve("zero." + suffix), new byte[0]);
        }
        byte[] jpeg = HostileFiles.jpeg(300, 200);
        byte[] png = HostileFiles.png(300, 200);
        byte[] gif = HostileFiles.gif(300, 200);
        byte[] tiff = HostileFiles.tiff(300, 200);
        HostileFiles.write(h.resolve("trunc.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        HostileFiles.write(h.resolve("trunc.png"), Arrays.copyOf(png, png.length / 2));
        HostileFiles.write(h.resolve("trunc.gif"), Arrays.copyOf(gif, gif.length / 2));
        HostileFiles.write(h.resolve("trunc.tif"), Arrays.copyOf(tiff, 300));
        HostileFiles.write(h.resolve("header-only.jpg"), Arrays.copyOf(jpeg, 200));
        HostileFiles.write(h.resolve("magic-only.png"), Arrays.copyOf(png, 8));
        HostileFiles.write(h.resolve("png-named.jpg"), png);
        HostileFiles.write(h.resolve("jpeg-named.png"), jpeg);
        HostileFiles.write(h.resolve("text-named.tif"), "this is not a TIFF\n");
        HostileFiles.write(h.resolve("html-named.jpg"), "<html><body>not an image</body></html>");
        HostileFiles.write(h.resolve("random.png"), HostileFiles.random(1, 4096));
        HostileFiles.write(h.resolve("random.jpg"), withPrefix(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
                HostileFiles.random(2, 4096)));
        HostileFiles.write(h.resolve("random.tif"), withPrefix(new byte[] {'I', 'I', 42, 0},
                HostileFiles.random(3, 4096)));
        HostileFiles.write(h.resolve("random.psd"), withPrefix("8BPS".getBytes(StandardCharsets.US_ASCII),
                HostileFiles.random(4, 4096)));
        HostileFiles.write(h.resolve("random.webp"), withPrefix("RIFF\0\020\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII),
                HostileFiles.random(5, 4096)));
        HostileFiles.write(h.resolve("bomb.jpg"), HostileFiles.jpegBomb());
        HostileFiles.write(h.resolve("bomb.png"), HostileFiles.pngBomb());
        HostileFiles.write(h.resolve("bomb.gif"), HostileFiles.gifBomb());
        HostileFiles.write(h.resolve("bomb.tif"), HostileFiles.tiffBomb());
        HostileFiles.write(h.resolve("bomb.webp"), HostileFiles.webpBomb());
        HostileFiles.write(h.resolve("bomb.psd"), HostileFiles.psdBomb());
        HostileFiles.write(h.resolve("bomb.bmp"), HostileFiles.bmpBomb());
        HostileFiles.write(h.resolve("frames.gif"), HostileFiles.gifFrames(5000));
        HostileFiles.write(h.resolve("huge.svg"), HostileFiles.svgHugeSize());
        HostileFiles.write(h.resolve("xxe.svg"), HostileFiles.svgExternalEntity(folder.resolve("secret.txt"), tripwire.port()));
        HostileFiles.write(h.resolve("laughs.svg"), HostileFiles.svgBillionLaughs());
        HostileFiles.write(h.resolve("patterns.svg"), HostileFiles.svgNestedPatterns());
        HostileFiles.write(h.resolve("uses.svg"), HostileFiles.svgUseBomb());
        HostileFiles.write(h.resolve("script.svg"), HostileFiles.svgScript(tripwire.port()));
        HostileFiles.write(h.resolve("useloop.svg"), HostileFiles.svgUseLoop());
        HostileFiles.write(h.resolve("deep.svg"), HostileFiles.svgDeep());
        HostileFiles.write(h.resolve("large.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                + "<!--" + "x".repeat(1_200_000) + "--></svg>");
        HostileFiles.write(h.resolve("broken.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\"");
        try {
            Files.createSymbolicLink(h.resolve("link.png"), secretPng);
        } catch (UnsupportedOperationException | IOException e) {
            // a file system without links: the case is simply not there
        }

        String secret = secretPng.toString();
        system.writeCatalog("evil.ini", "RootId=evil\nCatalogFile=evil.txt\nMacroFile=evil-macros.txt\n"
                + "StaticContentCatalogFile=evil-static.txt\n");
        system.writeCatalog("evil.txt", "Id\tPath\tModifier\n"
                + "trav\t../secret.png\t\n"
                + "deeptrav\thostile/../../secret.png\t\n"
                + "abs\t" + secret + "\t\n"
                + "bslash\t..\\secret.png\t\n"
                + "enc\t%2e%2e/secret.png\t\n"
                + "loop\thostile/ok.png\tsrc=is{evil/loop}\n"
                + "selfsrc\t\tsrc=evil/selfsrc\n"
                + "layerloop\thostile/ok.png\tlayer=1&src=evil/layerloop\n"
                + "macro\thostile/ok.png\t$loop$\n"
                + "mutual\thostile/ok.png\t$ping$\n"
                + "travsrc\thostile/ok.png\tlayer=1&src=../secret.png\n"
                + "layernest\thostile/ok.png\tlayer=1&src=is{evil/layernest}\n"
                + fanChain()
                + "fan\thostile/ok.png\tlayer=1&src=is{evil/fan?wid=64}&layer=2&src=is{evil/fan?wid=64}"
                + "&layer=3&src=is{evil/fan?wid=64}\n"
                + "ok\thostile/ok.png\t\n");
        // a NUL byte refuses a catalog text whole (a crashed copy leaves runs of them): its record never becomes a path
        system.writeCatalog("nulls.ini", "RootId=nulls\nCatalogFile=nulls.txt\n");
        system.writeCatalog("nulls.txt", "Id\tPath\nnul\thostile/ok.png\u0000.txt\n");
        system.writeCatalog("evil-macros.txt", "Name\tDefinition\nloop\twid=10&$loop$\nping\t$pong$\npong\t$ping$\n");
        system.writeCatalog("evil-static.txt", "Id\tPath\nstrav\t../secret.txt\nsabs\t" + folder.resolve("secret.txt")
                + "\nsok\tok.txt\n");
        // an origin on loopback for foreign sources, allowed in the catalog "web" only
        byte[] noisy = HostileFiles.noisyPng(800, 600);
        origin = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, noisy.length);
            exchange.getResponseBody().write(noisy);
            exchange.close();
        });
        origin.start();
        system.edit("PlatformServer.conf", Map.of(
                "foreignSource.allowPrivateAddresses=false", "foreignSource.allowPrivateAddresses=true"));
        system.writeCatalog("web.ini", "RootId=web\nAllowDirectUrls=1\n");
        system.start();
        pidsBefore = system.pidsWithoutRestarts();
        assertThat(system.get("/is/image/evil/ok?wid=20").statusCode()).as("the catalog is loaded").isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        report.forEach(System.out::println);
        // the installation's logs outlive its temporary folder, for whoever reads a failure
        Path kept = TestInstallation.CHECKOUT.resolve("dist/target/hostile-logs");
        if (Files.isDirectory(folder.resolve("logs"))) {
            Files.createDirectories(kept);
            try (var files = Files.list(folder.resolve("logs"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        System.out.printf("HostileInputIT: %d cases, slowest %d ms (%s)%n", cases, slowest, slowestCase);
        tripwire.close();
        system.close();
        if (origin != null) {
            origin.stop(0);
        }
    }

    static int noisyLength() {
        return HostileFiles.noisyPng(800, 600).length;
    }

    /** Records f0 (a plain image) to f9, each of three layers nesting the one below: 3^9 nested requests at depth 9. */
    static String fanChain() {
        StringBuilder records = new StringBuilder("f0\thostile/ok.png\twid=16\n");
        for (int k = 1; k <= 9; k++) {
            records.append('f').append(k).append("\thostile/ok.png\t");
            for (int layer = 1; layer <= 3; layer++) {
                records.append(layer > 1 ? "&" : "").append("layer=").append(layer).append("&src=is{evil/f").append(k - 1)
                        .append("}&pos=").append(layer).append(",0");
            }
            records.append('\n');
        }
        return records.toString();
    }

    private static byte[] withPrefix(byte[] prefix, byte[] rest) {
        byte[] all = Arrays.copyOf(prefix, prefix.length + rest.length);
        System.arraycopy(rest, 0, all, prefix.length, rest.length);
        return all;
    }

    // ---- the raw HTTP client: any bytes on the request line, a bounded wait, no retries

    record Answer(int status, String head, byte[] body, long millis) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Answer exchange(byte[] request) {
        long started = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.psPort)) {
            socket.setSoTimeout((int) BOUND_MILLIS * 3);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            long millis = (System.nanoTime() - started) / 1_000_000;
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                return new Answer(-1, text.substring(0, Math.min(200, text.length())), new byte[0], millis);
            }
            String head = text.substring(0, end);
            byte[] body = Arrays.copyOfRange(all, end + 4, all.length);
            return new Answer(Integer.parseInt(head.substring(9, 12)), head, body, millis);
        } catch (SocketTimeoutException e) {
            return new Answer(-2, "no answer (timed out)", new byte[0], (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            return new Answer(-1, "connection failed: " + e, new byte[0], (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** A GET whose target is sent as ISO-8859-1 bytes: {@code \u00ff} is the raw byte 0xFF. */
    static byte[] get(String target) {
        return ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] postForm(String path, String body) {
        byte[] content = body.getBytes(StandardCharsets.ISO_8859_1);
        return withPrefix(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + content.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), content);
    }

    /**
     * Sends one hostile request and records a finding unless it was answered within the bound with an allowed status;
     * a 403 must carry the protocol's error text, no reply may carry what lies outside the roots, and {@code 500}
     * is never allowed.
     */
    static Answer check(String name, byte[] request, IntPredicate allowed, String... bodyMustContain) {
        Answer answer = exchange(request);
        synchronized (HostileInputIT.class) {
            cases++;
            if (answer.millis() > slowest) {
                slowest = answer.millis();
                slowestCase = name;
            }
        }
        String firstLine = answer.text().lines().skip(1).findFirst().orElse("");
        report.add(String.format("%-60s %4d %5d ms  %s", abbreviate(name), answer.status(), answer.millis(),
                abbreviate(firstLine)));
        String problem = null;
        if (answer.status() == -2) {
            problem = "no answer within " + 3 * BOUND_MILLIS + " ms";
        } else if (answer.status() < 0) {
            problem = "no HTTP answer: " + answer.head();
        } else if (answer.status() >= 500) {
            problem = "status " + answer.status() + ": " + abbreviate(answer.text());
        } else if (!allowed.test(answer.status())) {
            problem = "unexpected status " + answer.status() + ": " + abbreviate(answer.text());
        } else if (answer.millis() > BOUND_MILLIS) {
            problem = "answered after " + answer.millis() + " ms";
        } else if (answer.status() == 403 && !answer.text().startsWith("#S7Z ERROR") && !name.startsWith("/iiif/")
                && !answer.head().toLowerCase(Locale.ROOT).contains("content-type: image/")) {
            problem = "a 403 without the protocol's error text: " + abbreviate(answer.text());
        } else if (answer.text().contains(SECRET_TEXT) || answer.text().contains("root:x:0:0")
                || answer.text().contains("<Server")) {
            problem = "the reply shows a file outside the roots";
        } else if (answer.text().contains("\tat org.") || answer.text().contains("Exception:")
                && answer.text().contains("\tat ")) {
            problem = "a stack trace at ErrorDetail=2: " + abbreviate(answer.text());
        }
        for (String part : bodyMustContain) {
            if (problem == null && !answer.text().contains(part)) {
                problem = "the reply does not say '" + part + "': " + abbreviate(answer.text());
            }
        }
        if (problem != null) {
            findings.add(name + " -> " + problem);
        }
        return answer;
    }

    static Answer check(String target, IntPredicate allowed, String... bodyMustContain) {
        return check(target, get(target), allowed, bodyMustContain);
    }

    /** A traversal attempt: refused, and in any case never the secret image (a 200 with an image is an escape). */
    static void traversal(String target) {
        traversal(target, REFUSED);
    }

    static void traversal(String target, IntPredicate allowed) {
        Answer answer = check(target, get(target), allowed);
        if (answer.status() == 200 && showsSecret(answer.body())) {
            findings.add(target + " -> 200: the image outside the roots was served");
        }
    }

    /** Whether a reply is (or contains) the magenta image kept outside every root. */
    static boolean showsSecret(byte[] body) {
        try {
            java.awt.image.BufferedImage image = ImageIO.read(new ByteArrayInputStream(body));
            if (image == null) {
                return false;
            }
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    if ((rgb >> 16 & 255) > 200 && (rgb >> 8 & 255) < 60 && (rgb & 255) > 200) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static String abbreviate(String text) {
        String flat = text.replace("\r", "\\r").replace("\n", "\\n");
        return flat.length() > 140 ? flat.substring(0, 140) + "..." : flat;
    }

    static void assertNoFindings() {
        List<String> all = new ArrayList<>(findings);
        findings.clear();
        assertThat(all).as("hostile requests answered badly").isEmpty();
    }

    // ---- the cases

    @Test
    @Order(1)
    void malformedAndOversizedUrls() {
        String ok = "/is/image/hostile/ok.png";
        check("path of 20 KB", get("/is/image/hostile/" + "a".repeat(20_000) + ".png"), REFUSED);
        check("query of 20 KB", get(ok + "?wid=10&.c=" + "x".repeat(20_000)), REFUSED);
        check("file name of 1000 characters", get("/is/image/hostile/" + "a".repeat(1000) + ".png"), USAGE);
        check("path of 600 elements", get("/is/image/" + "a/".repeat(600) + "x.png"), USAGE);
        check("header of 64 KB", ("GET " + ok + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                + "y".repeat(65_536) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), REFUSED);
        StringBuilder many = new StringBuilder(ok + "?fmt=png");
        for (int i = 0; many.length() < 7_600; i++) {
            many.append("&wid=").append(i % 50 + 1);
        }
        check("1000 repeated modifiers", get(many.toString()), SERVED_OR_USAGE);
        StringBuilder unknown = new StringBuilder(ok + "?x0=1");
        for (int i = 1; unknown.length() < 7_600; i++) {
            unknown.append("&x").append(i).append("=1");
        }
        check("1000 unknown commands", get(unknown.toString()), USAGE, "unknown command");
        StringBuilder variables = new StringBuilder();
        for (int i = 0; variables.length() < 60_000; i++) {
            variables.append("$v").append(i).append('=').append(i).append('&');
        }
        check("POST of 6000 variables", postForm(ok, variables + "wid=20"), SERVED_OR_USAGE);
        StringBuilder comments = new StringBuilder();
        for (int i = 0; comments.length() < 60_000; i++) {
            comments.append(".c").append(i).append('&');
        }
        check("POST of 8000 comments", postForm(ok, comments + "wid=20"), SERVED_OR_USAGE);
        check("POST of 2 MB", postForm(ok, "wid=20&.c=" + "x".repeat(2_000_000)), s -> s == 413);
        StringBuilder layers = new StringBuilder();
        for (int i = 1; layers.length() < 60_000; i++) {
            layers.append("layer=").append(i).append("&color=ff0000&size=1,1&");
        }
        check("POST of 2000 layers", postForm(ok, layers.toString()), USAGE);
        check("POST not a form", ("POST " + ok + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: text/xml\r\n"
                + "Content-Length: 3\r\n\r\n<a>").getBytes(StandardCharsets.ISO_8859_1), REFUSED);
        check("method PUT", ("PUT " + ok + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), s -> s == 405);
        check("method FOO", ("FOO " + ok + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1), s -> s == 405);
        check("garbage request line", "\u0001\u0002\u0003 garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), REFUSED);
        check("HTTP/0.9-ish", "GET\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), REFUSED);

        for (String escape : List.of(ok + "?wid=%", ok + "?wid=%2", ok + "?wid=%zz", ok + "?%=1", ok + "?wid%=1",
                ok + "?wid=10&fmt=%G0", ok + "?$v=%", ok + "?src=%", ok + "?req=%", ok + "?.c=%",
                ok + "?wid=%ff%fe", ok + "?wid=%c0%af", ok + "?wid=%ed%a0%80", ok + "?$v=%f4%90%80%80&wid=20",
                ok + "?wid=%00", ok + "?wid=1%002", ok + "?fmt=png%00jpeg", ok + "?%00=1",
                "/is/image/hostile/%", "/is/image/hostile/%zz.png", "/is/image/hostile/ok.png%",
                "/is/image/hostile/%ff%fe.png", "/is/image/%c0%ae%c0%ae/secret.png", "/is/image/hostile/ok.png%00.jpg",
                "/is/image/hostile%00/ok.png", "/is/image/%00", "/is/image/evil/%ff", "/is/image/evil/%",
                "/is/content/%", "/is/content/ok.txt%00", "/is/content/%ff%fe", "/iiif/3/%/info.json",
                "/iiif/3/%00/full/max/0/default.jpg", "/iiif/3/hostile%2Fok.png/full/%/0/default.jpg")) {
            check(escape, get(escape), s -> s == 200 || REFUSED.test(s));
        }
        for (String raw : List.of("/is/image/hostile/\u00ff\u00fe.png", ok + "?wid=\u00ff", ok + "?wid=1\u00002",
                "/is/image/hostile/ok\u0000.png", ok + "?wid=1 2", ok + "?wid=\t1", ok + "?\u007f=1",
                ok + "?wid=\u00c3\u00a9", ok + "?<script>=1")) {
            check("raw bytes " + raw.replace("\u0000", "\\0"), get(raw), s -> s == 200 || REFUSED.test(s));
        }
        Answer injected = check("CRLF in a value", get(ok + "?wid=10&.c=1%0d%0aX-Injected:%201&handler=a%0d%0aX-Injected:%202"
                + "&req=props,json"), s -> s == 200 || REFUSED.test(s));
        if (injected.head().contains("X-Injected")) {
            findings.add("CRLF in a value -> a header was injected: " + abbreviate(injected.head()));
        }
        assertNoFindings();
    }

    static final List<String> ABSURD = List.of("-1", "0", "-0", "1e-320", "0.0000001", "2147483647", "2147483648",
            "-2147483649", "99999999999999999999999999", "1e308", "-1e308", "1e309", "NaN", "Infinity", "-Infinity",
            "0x10", "1,2,3,4,5,6,7,8,9,10", ",", ",,,", "", "1.5.5", "--1", "%EF%BC%91%EF%BC%92", "%D9%A3", "1e", " ",
            "9".repeat(400));

    @Test
    @Order(2)
    void absurdAndNegativeNumbersForEveryNumericCommand() {
        String ok = "/is/image/hostile/ok.png?fmt=png&cache=off&";
        Map<String, String> families = new LinkedHashMap<>();
        for (String one : List.of("wid", "hei", "scl", "qlt", "rotate", "op_blur", "op_brightness", "op_contrast",
                "op_hue", "op_saturation", "op_invert", "op_sharpen", "op_noise", "op_grow", "scale", "res", "opac",
                "jpegSize", "dpr", "align", "anchor", "origin", "hide", "effectMask")) {
            families.put(one, one + "=V");
        }
        families.put("qlt (jpeg)", "fmt=jpeg&qlt=V");
        families.put("wid,hei", "wid=V&hei=V");
        families.put("crop", "crop=V,V,V,V");
        families.put("crop x", "crop=V,0,10,10");
        families.put("cropN", "cropN=V,V,V,V");
        families.put("rgn", "wid=100&rgn=V,V,V,V");
        families.put("rect", "wid=100&rect=V,V,V,V");
        families.put("extend", "extend=V,V,V,V");
        families.put("extendN", "extendN=V,V,V,V");
        families.put("size (layer)", "layer=1&color=ff0000&size=V,V");
        families.put("sizeN (layer)", "layer=1&color=ff0000&sizeN=V,V");
        families.put("pos (layer)", "layer=1&color=ff0000&size=5,5&pos=V,V");
        families.put("rotate (layer)", "layer=1&src=hostile/ok.png&rotate=V");
        families.put("op_usm", "op_usm=V,V,V,0");
        families.put("op_usm radius", "op_usm=1,V,0,0");
        families.put("op_usmR", "op_usmR=V,V,V,0");
        families.put("op_blur (effect)", "effect=-1&op_blur=V");
        families.put("op_grow (effect)", "effect=1&op_grow=V");
        families.put("op_noise (effect)", "effect=1&op_noise=V");
        families.put("quantize colors", "fmt=gif&quantize=adaptive,diffuse,V");
        families.put("fit", "wid=V&hei=V&fit=crop,1");
        families.put("color", "layer=1&size=5,5&color=V,V,V,V");
        families.put("bgc", "bgc=V");
        families.put("layer", "layer=V&color=ff0000&size=1,1");
        families.put("effect", "effect=V&color=ff0000");
        for (Map.Entry<String, String> family : families.entrySet()) {
            for (String value : ABSURD) {
                String query = family.getValue().replace("V", value);
                check(family.getKey() + " = " + value, get(ok + query.replace(" ", "%20")), SERVED_OR_USAGE);
            }
        }
        assertNoFindings();
    }

    @Test
    @Order(3)
    void deepAndLoopingNesting() {
        String nested = "hostile/ok.png?wid=20";
        for (int i = 0; i < 20; i++) {
            nested = "?src=is{" + nested + "}";
        }
        check("src=is{...} 20 deep", get("/is/image" + nested), USAGE, "nested deeper than");
        check("src=is( 5000 unclosed", get("/is/image?src=is" + "(".repeat(5000)), REFUSED);
        check("src=is{ 5000 unclosed", get("/is/image?src=" + "is{".repeat(2000)), REFUSED);
        check("5000 closing braces", get("/is/image/hostile/ok.png?wid=10" + "}".repeat(5000)), SERVED_OR_USAGE);
        check("POST 20000 braces deep", postForm("/is/image", "src=" + "is{".repeat(20_000) + "hostile/ok.png"
                + "}".repeat(20_000)), REFUSED);
        check("a record whose Modifier nests itself", get("/is/image/evil/loop"), USAGE);
        check("a template whose src is itself", get("/is/image/evil/selfsrc"), USAGE);
        check("a record whose layer src is itself", get("/is/image/evil/layerloop"), SERVED_OR_USAGE);
        check("a macro calling itself", get("/is/image/evil/macro"), USAGE, "calls itself");
        check("two macros calling each other", get("/is/image/evil/mutual"), USAGE, "calls itself");
        check("a URL macro calling itself", get("/is/image/evil/ok?$loop$"), USAGE, "calls itself");
        check("an unknown macro", get("/is/image/evil/ok?$nothere$"), USAGE);
        check("a variable defined by itself", get("/is/image/evil/ok?$w=$w$&wid=$w$"), USAGE);
        check("a nested foreign URL", get("/is/image?src=is{?src={http://127.0.0.1:" + tripwire.port() + "/x.png}}"),
                USAGE);
        check("layer src nested", get("/is/image/hostile/ok.png?layer=1&src=is{hostile/ok.png}"), SERVED_OR_USAGE);
        check("a record whose layer nests itself", get("/is/image/evil/layernest"), USAGE);
        check("three layers each nesting the record, 10 deep (3^10 renders)", get("/is/image/evil/fan"), USAGE);
        StringBuilder wide = new StringBuilder("/is/image/hostile/ok.png?fmt=png");
        for (int i = 1; i <= 60; i++) {
            wide.append("&layer=").append(i).append("&src=is{evil/fan}");
        }
        check("60 layers each nesting the fan", get(wide.toString()), USAGE);
        check("3^9 nested requests within the depth limit", get("/is/image/evil/f9?fmt=png"), USAGE,
                "more than 100 nested requests");
        check("3 + 9 + 27 nested requests", get("/is/image/evil/f3?fmt=png"), s -> s == 200);
        String image = "{http://127.0.0.1:" + origin.getAddress().getPort() + "/noisy.png}";
        check("one foreign layer", get("/is/image/web/x?fmt=png&src=hostile/ok.png&layer=1&src=" + image + "&size=20,20"),
                s -> s == 200);
        StringBuilder foreign = new StringBuilder("/is/image/web/x?fmt=png&src=hostile/ok.png");
        // 40 x 1.4 MB: more than the 50 MB (PS::foreignSource.maxSize) the Image Server accepts in one request
        for (int i = 1; i <= 40; i++) {
            foreign.append("&layer=").append(i).append("&src=").append(image);
        }
        check("40 foreign layers of " + noisyLength() / 1024 + " KB each", get(foreign.toString()), USAGE, "add up to more");
        assertThat(tripwire.hits()).as("nothing was fetched").isEmpty();
        assertNoFindings();
    }

    @Test
    @Order(4)
    void pathTraversalWhereverAPathIsAccepted() {
        String secret = folder.resolve("secret.png").toString();
        String secretTxt = folder.resolve("secret.txt").toString();
        List<String> relative = List.of("../secret.png", "hostile/../../secret.png", "%2e%2e/secret.png",
                "%2E%2E%2Fsecret.png", "hostile%2F..%2F..%2Fsecret.png", "..%5csecret.png", "hostile%5c..%5c..%5csecret.png",
                "..%2fsecret.png", "%252e%252e/secret.png", ".%2e/secret.png", "%c0%ae%c0%ae/secret.png",
                "hostile/ok.png%00/../../../secret.png", "./../secret.png", "hostile/./../../secret.png",
                "hostile//..//..//secret.png", "....//secret.png", "...%2fsecret.png");
        for (String path : relative) {
            traversal("/is/image/" + path);
            traversal("/is/image/hostile/ok.png?src=" + path);
            traversal("/is/image?src=" + path);
            traversal("/is/image/hostile/ok.png?layer=1&src=" + path);
            traversal("/is/image/hostile/ok.png?layer=1&src=" + path + "&layer=0&src=" + path);
            traversal("/is/image/hostile/ok.png?src=is{" + path + "}");
            traversal("/is/image/hostile/ok.png?mask=" + path);
            traversal("/is/image/hostile/ok.png?req=imageprops&src=" + path);
            traversal("/is/image/hostile/ok.png?defaultImage=" + path + "&src=hostile/none.png");
            traversal("/is/content/" + path.replace("secret.png", "secret.txt"));
            traversal("/is/content/evil/" + path.replace("secret.png", "secret.txt"));
            traversal("/iiif/3/" + path.replace("/", "%2F") + "/full/max/0/default.png");
        }
        List<String> raw = List.of("/is/image/../../secret.png", "/is/image/hostile/../../../secret.png",
                "/is/image/hostile\\..\\..\\secret.png", "/is/content/../../secret.txt", "/is/content/..\\..\\secret.txt",
                "/is/image/hostile/ok.png?src=..\\secret.png", "/is/image/hostile/ok.png?src=hostile\\..\\..\\secret.png");
        for (String target : raw) {
            traversal(target);
        }
        for (String absolute : List.of(secret, "/etc/passwd", "//" + secret.substring(1), "file://" + secret,
                "file:" + secret, "C:\\Windows\\win.ini", "\\\\server\\share\\x.png", "~/secret.png")) {
            String encoded = absolute.replace("\\", "%5C");
            traversal("/is/image/hostile/ok.png?src=" + encoded);
            traversal("/is/image?src=" + encoded);
            traversal("/is/image/hostile/ok.png?layer=1&src=" + encoded);
            traversal("/is/image/hostile/ok.png?src=is{" + encoded + "}");
            traversal("/is/image/" + encoded.replaceFirst("^/+", "%2F"));
            traversal("/is/content/" + encoded.replace(".png", ".txt").replaceFirst("^/+", "%2F"));
        }
        traversal("/is/image/%2F" + secret.substring(1).replace("/", "%2F"));
        traversal("/is/image//" + secret.substring(1));
        traversal("/is/content//" + secretTxt.substring(1));
        traversal("/is/content/%2F" + secretTxt.substring(1));
        traversal("/is/image/nulls/nul");
        traversal("/is/image/hostile/ok.png?src=nulls/nul");
        for (String record : List.of("trav", "deeptrav", "abs", "bslash", "enc", "travsrc")) {
            // a record named by src= lends its Path, not its Modifier: travsrc is then simply hostile/ok.png
            IntPredicate asSource = record.equals("travsrc") ? SERVED_OR_USAGE : REFUSED;
            traversal("/is/image/evil/" + record);
            traversal("/is/image/hostile/ok.png?src=evil/" + record, asSource);
            traversal("/is/image/hostile/ok.png?layer=1&src=evil/" + record, asSource);
            traversal("/is/image/evil/" + record + "?req=imageprops");
        }
        for (String record : List.of("strav", "sabs")) {
            traversal("/is/content/evil/" + record);
            traversal("/is/content/evil/" + record + "?req=props");
        }
        traversal("/is/image/hostile/link.png");
        for (String cache : List.of("/is/cache/../../conf/server.xml", "/is/cache/..%2F..%2Fconf%2Fserver.xml",
                "/is/cache/%2e%2e/%2e%2e/conf/server.xml", "/is/cache/secondary/..%2f..%2f..%2fsecret.png",
                "/is/cache/" + "0".repeat(62) + "..", "/is/cache/" + "a".repeat(64) + "%00",
                "/is/cache/" + "A".repeat(64), "/is/cache/" + "a".repeat(10_000), "/is/cache/%ff",
                "/is/cache/secondary/" + "0".repeat(64) + "/../../secret.png")) {
            Answer answer = check(cache, get(cache), REFUSED);
            assertThat(answer.status()).isNotEqualTo(200);
        }
        assertNoFindings();
    }

    @Test
    @Order(5)
    void corruptTruncatedZeroByteAndMislabelledFiles() {
        for (String name : List.of("zero.jpg", "zero.png", "zero.gif", "zero.tif", "zero.webp", "zero.psd", "zero.bmp",
                "zero.svg", "zero.ptif", "trunc.jpg", "trunc.png", "trunc.gif", "trunc.tif", "header-only.jpg",
                "magic-only.png", "png-named.jpg", "jpeg-named.png", "text-named.tif", "html-named.jpg", "random.png",
                "random.jpg", "random.tif", "random.psd", "random.webp", "broken.svg")) {
            for (String query : List.of("?wid=100", "?req=imageprops", "?req=props", "?rgn=0,0,10,10&scl=1",
                    "?wid=50&fmt=png&cache=off")) {
                check(name + query, get("/is/image/hostile/" + name + query), SERVED_OR_USAGE);
            }
        }
        for (String name : List.of("png-named.jpg", "jpeg-named.png")) {
            check(name + " is served by its content", get("/is/image/hostile/" + name + "?wid=100&fmt=png&.t=1"),
                    s -> s == 200);
        }
        check("a GIF of 5000 frames", get("/is/image/hostile/frames.gif?wid=100&fmt=png"), s -> s == 200);
        check("a GIF of 5000 frames, props", get("/is/image/hostile/frames.gif?req=imageprops"), s -> s == 200);
        assertNoFindings();
    }

    @Test
    @Order(6)
    void decompressionBombsInEverySourceFormat() {
        for (String name : List.of("bomb.jpg", "bomb.png", "bomb.gif", "bomb.tif", "bomb.webp", "bomb.psd", "bomb.bmp")) {
            // a BMP's reader checks the header against the file's length first: refused as corrupt, not as too large
            check(name, get("/is/image/hostile/" + name + "?wid=100"), USAGE,
                    name.endsWith(".bmp") ? "bomb.bmp" : "MaxNonDsfSize");
            check(name + " region", get("/is/image/hostile/" + name + "?rgn=0,0,10,10&scl=1"), USAGE);
            check(name + " props", get("/is/image/hostile/" + name + "?req=imageprops"), SERVED_OR_USAGE);
            check(name + " as layer", get("/is/image/hostile/ok.png?layer=1&src=hostile/" + name), USAGE);
        }
        for (String name : List.of("huge.svg", "patterns.svg", "uses.svg", "laughs.svg", "xxe.svg", "script.svg",
                "useloop.svg", "deep.svg", "large.svg")) {
            check(name, get("/is/image/hostile/" + name + "?fmt=png&cache=off"), SERVED_OR_USAGE);
            check(name + " wid", get("/is/image/hostile/" + name + "?wid=300&fmt=png&cache=off"), SERVED_OR_USAGE);
            check(name + " props", get("/is/image/hostile/" + name + "?req=imageprops"), SERVED_OR_USAGE);
        }
        check("huge.svg at its size", get("/is/image/hostile/huge.svg?scl=1&fmt=png"), USAGE);
        check("large.svg", get("/is/image/hostile/large.svg?wid=20"), USAGE, "SVGFileSizeLimit");
        assertThat(tripwire.hits()).as("hostile SVG reached out").isEmpty();
        assertNoFindings();
    }

    static byte[] getWith(String target, String header) {
        return ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + header + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    @Order(7)
    void hostileRangesAndValidators() {
        IntPredicate fileAnswers = s -> s == 200 || s == 206 || s == 304 || s == 416;
        for (String range : List.of("bytes=-0", "bytes=99999999999999999999-", "bytes=5-1", "bytes=-99999999999999999999",
                "bytes=0-0" + ",0-0".repeat(1000), "bytes=--1", "bytes=1-2-3", "bytes=\u00ff", "pages=1", "bytes=",
                "bytes=9223372036854775807-9223372036854775807", "bytes=-9223372036854775808")) {
            check("Range: " + abbreviate(range), getWith("/is/content/evil/sok", "Range: " + range), fileAnswers);
            check("Range on an image: " + abbreviate(range), getWith("/is/image/hostile/ok.png?wid=20", "Range: " + range),
                    fileAnswers);
        }
        for (String header : List.of("If-None-Match: " + "\"x\",".repeat(1000), "If-None-Match: *",
                "If-Modified-Since: yesterday", "If-Modified-Since: Thu, 01 Jan 9999 00:00:00 GMT",
                "If-Range: \"nope\"", "If-Range: Thu, 01 Jan 1970 00:00:00 GMT", "Accept: " + "image/webp,".repeat(500),
                "X-Forwarded-For: 1.2.3.4, " + "5.6.7.8, ".repeat(400), "Host: " + "h".repeat(2000))) {
            // Tomcat may refuse a Host it cannot parse with a 400 before any servlet runs
            IntPredicate answers = header.startsWith("Host") ? fileAnswers.or(s -> s == 400) : fileAnswers;
            check(abbreviate(header), getWith("/is/content/evil/sok", header), answers);
            check(abbreviate(header) + " (image)", getWith("/is/image/hostile/ok.png?wid=20&bfc=on", header), answers);
        }
        assertNoFindings();
    }

    @Test
    @Order(100)
    void noComponentRestartedAndANormalImageIsStillServed() throws IOException {
        assertThat(system.pidsWithoutRestarts()).as("the same processes before and after the suite").isEqualTo(pidsBefore);
        var response = system.get("/is/image/samples/tower.jpg?wid=120&fmt=png&.after=1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(response.body())).getWidth()).isEqualTo(120);
        assertThat(system.logs()).as("no JVM ran out of memory").doesNotContain("OutOfMemoryError", "StackOverflowError");
        assertThat(Set.copyOf(tripwire.hits())).isEmpty();
    }
}
