package org.imageserving.is.encode;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imageserving.common.props.PropertyData;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.xmp.XmpPacket;
import org.imageserving.is.render.Renderer;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xmpEmbed=1} through the whole pipeline: sources whose XMP exiftool wrote (JPEG, TIFF, PNG), replies whose XMP
 * exiftool reads back, byte for byte the packet it reads from the source ("passed … without modification").
 */
class XmpEmbedTest {
    private static final Path EXIFTOOL = Path.of("/usr/bin/exiftool");
    private static final String TITLE = "Spring catalogue, page 7";

    @TempDir
    static Path root;
    static Renderer renderer;

    @BeforeAll
    static void setUp() throws Exception {
        DebianPackage.require(EXIFTOOL, "libimage-exiftool-perl");
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, x * 4 << 16 | y * 5 << 8 | 128);
            }
        }
        for (String format : List.of("jpeg", "tiff", "png")) {
            Path file = root.resolve("photo." + format);
            ImageIO.write(image, format, file.toFile());
            exiftool("-overwrite_original", "-XMP-dc:Title=" + TITLE, "-XMP-dc:Creator=" + format + " source",
                    file.toString());
        }
        ImageIO.write(image, "jpeg", root.resolve("plain.jpeg").toFile());
        renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.systemUTC());
    }

    @Test
    void jpegAndTiffRepliesCarryTheSourcesPacketUnchanged() throws Exception {
        for (String source : List.of("photo.jpeg", "photo.tiff", "photo.png")) {
            byte[] packet = XmpPacket.read(root.resolve(source)).orElseThrow();
            assertThat(packet).as("exiftool's packet of %s as the common reader finds it", source)
                    .isEqualTo(exiftoolPacket(root.resolve(source)));
            for (String fmt : List.of("jpeg", "pjpeg", "tif", "jpeg,cmyk", "tif-alpha")) {
                Path reply = write(render(source, "fmt", fmt, "xmpEmbed", "1", "wid", "32"), fmt);
                assertThat(exiftool("-s3", "-XMP-dc:Title", reply.toString()).strip())
                        .as("%s as %s", source, fmt).isEqualTo(TITLE);
                assertThat(exiftoolPacket(reply)).as("%s as %s: the packet, byte for byte", source, fmt)
                        .isEqualTo(packet);
            }
        }
    }

    @Test
    void withoutXmpEmbedOrWithoutXmpInTheSourceTheReplyHasNone() throws Exception {
        assertThat(exiftoolPacket(write(render("photo.jpeg", "fmt", "jpeg"), "jpeg"))).isEmpty();
        assertThat(exiftoolPacket(write(render("photo.jpeg", "fmt", "tif", "xmpEmbed", "0"), "tif"))).isEmpty();
        assertThat(exiftoolPacket(write(render("plain.jpeg", "fmt", "jpeg", "xmpEmbed", "1"), "jpeg"))).isEmpty();
        // the "xmpEmbed" page: ignored for formats that cannot carry it
        assertThat(new String(render("photo.jpeg", "fmt", "png", "xmpEmbed", "1"), StandardCharsets.ISO_8859_1))
                .doesNotContain("xmpmeta");
    }

    @Test
    void reqPropsReportsWhetherTheReplyEmbedsXmp() {
        assertThat(props("photo.jpeg", "xmpEmbed", "1")).containsEntry("image.xmpEmbed", "1");
        assertThat(props("photo.jpeg")).containsEntry("image.xmpEmbed", "0");
        assertThat(props("plain.jpeg", "xmpEmbed", "1")).containsEntry("image.xmpEmbed", "0");
        assertThat(props("photo.jpeg", "xmpEmbed", "1", "fmt", "png")).containsEntry("image.xmpEmbed", "0");
    }

    private static Map<String, String> props(String source, String... pairs) {
        List<String> all = new ArrayList<>(List.of(pairs));
        all.addAll(List.of("req", "props"));
        return PropertyData.decode(render(source, all.toArray(String[]::new)));
    }

    private static byte[] render(String source, String... pairs) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            commands.put(pairs[i].toLowerCase(java.util.Locale.ROOT), pairs[i + 1]);
        }
        return renderer.render(RenderRequest.of(source, commands)).bytes();
    }

    private static Path write(byte[] bytes, String fmt) throws IOException {
        Path file = Files.createTempFile(root, "reply", fmt.startsWith("tif") ? ".tif" : ".jpg");
        Files.write(file, bytes);
        return file;
    }

    /** The XMP packet exiftool extracts (its {@code -b -XMP}: the block as stored); empty when there is none. */
    private static byte[] exiftoolPacket(Path file) throws Exception {
        return run(List.of(EXIFTOOL.toString(), "-b", "-XMP", file.toString()));
    }

    private static String exiftool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(EXIFTOOL.toString()));
        command.addAll(List.of(args));
        return new String(run(command), StandardCharsets.UTF_8);
    }

    private static byte[] run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s", command).isZero();
        return out;
    }
}
