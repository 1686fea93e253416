package org.imageserving.ps.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.imageserving.ps.iiif.IiifRequest.Limits;
import org.imageserving.tools.ic.ConversionSettings;
import org.imageserving.tools.ic.PyramidConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code info.json}: sizes, tiles and limits from a pyramid TIFF's structure or from the image size alone. */
class IiifInfoTest {
    @TempDir
    Path folder;

    @Test
    void aPyramidTiffGivesItsLevelsAsSizesAndItsTileSize() throws Exception {
        Path png = folder.resolve("source.png");
        ImageIO.write(new BufferedImage(1500, 1000, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        Path tif = folder.resolve("source.tif");
        new PyramidConverter(ConversionSettings.defaults()).convert(png, tif, l -> {});
        IiifInfo.Structure structure = IiifInfo.structureOfFile(Optional.of(tif), 1500, 1000);
        assertThat(structure.levels()).hasSizeGreaterThan(1);
        assertThat(structure.levels().get(0)).containsExactly(1500, 1000);
        assertThat(structure.levels().get(1)).containsExactly(750, 500);
        assertThat(structure.tileWidth()).isBetween(64, 2048).isNotEqualTo(IiifInfo.DEFAULT_TILE + 1);
        List<int[]> sizes = IiifInfo.sizes(1500, 1000, structure, Limits.NONE);
        assertThat(sizes.get(sizes.size() - 1)).containsExactly(1500, 1000);
        assertThat(sizes.get(sizes.size() - 2)).containsExactly(750, 500);
        // another format, or sizes the Image Server does not agree with: plain
        assertThat(IiifInfo.structureOfFile(Optional.of(png), 1500, 1000).levels()).hasSize(1);
        assertThat(IiifInfo.structureOfFile(Optional.of(tif), 1501, 1000).tileWidth()).isEqualTo(IiifInfo.DEFAULT_TILE);
        assertThat(IiifInfo.structureOfFile(Optional.of(folder.resolve("missing.tif")), 10, 10).levels()).hasSize(1);
    }

    @Test
    void withoutAPyramidSizesAreHalvingsAndTilesAre512() {
        IiifInfo.Structure plain = IiifInfo.structureOfFile(Optional.empty(), 300, 200);
        List<int[]> sizes = IiifInfo.sizes(300, 200, plain, Limits.NONE);
        assertThat(sizes).extracting(s -> s[0] + "x" + s[1]).containsExactly("38x25", "75x50", "150x100", "300x200");
        assertThat(IiifInfo.scaleFactors(4000, 3000, plain)).containsExactly(1, 2, 4, 8);
        assertThat(IiifInfo.scaleFactors(300, 200, plain)).containsExactly(1);
        // sizes beyond the limits are left out
        assertThat(IiifInfo.sizes(4000, 3000, plain, new Limits(2000, 2000, 16_000_000)))
                .extracting(s -> s[0]).containsExactly(63, 125, 250, 500, 1000, 2000);
    }

    @Test
    void theDocument() {
        String json = IiifInfo.json("http://h:1/iiif/3/samples%2Ftower", 4000, 3000,
                IiifInfo.structureOfFile(Optional.empty(), 4000, 3000), new Limits(2000, 2000, 16_000_000));
        assertThat(json)
                .contains("\"@context\": \"http://iiif.io/api/image/3/context.json\"")
                .contains("\"id\": \"http://h:1/iiif/3/samples%2Ftower\"")
                .contains("\"type\": \"ImageService3\"")
                .contains("\"protocol\": \"http://iiif.io/api/image\"")
                .contains("\"profile\": \"level2\"")
                .contains("\"width\": 4000,").contains("\"height\": 3000,")
                .contains("\"maxWidth\": 2000,").doesNotContain("maxHeight")
                .contains("\"maxArea\": 16000000,")
                .contains("{\"width\": 2000, \"height\": 1500}")
                .contains("{\"width\": 512, \"scaleFactors\": [1, 2, 4, 8]}")
                .contains("\"extraQualities\": [\"color\", \"gray\"]")
                .contains("\"extraFormats\": [\"webp\", \"tif\", \"gif\"]")
                .contains("\"mirroring\"").contains("\"rotationArbitrary\"").contains("\"sizeUpscaling\"");
        String unlimited = IiifInfo.json("x", 10, 10, IiifInfo.structureOfFile(Optional.empty(), 10, 10),
                new Limits(Long.MAX_VALUE, Long.MAX_VALUE, 100));
        assertThat(unlimited).doesNotContain("maxWidth").contains("\"maxArea\": 100");
        assertThat(IiifInfo.json("a\"b", 10, 20, IiifInfo.structureOfFile(Optional.empty(), 10, 20),
                new Limits(30, 40, 1200))).contains("\"id\": \"a\\\"b\"").contains("\"maxWidth\": 30,")
                .contains("\"maxHeight\": 40,");
    }

    @Test
    void theDocumentIsWellFormedJson() throws Exception {
        String json = IiifInfo.json("http://h/iiif/3/x", 1000, 800, IiifInfo.structureOfFile(Optional.empty(), 1000, 800),
                new Limits(2000, 2000, 16_000_000));
        // a structural check without a JSON library: balanced brackets, no trailing commas
        int depth = 0;
        for (char c : json.toCharArray()) {
            depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
            assertThat(depth).isGreaterThanOrEqualTo(0);
        }
        assertThat(depth).isZero();
        assertThat(json).doesNotContainPattern(",\\s*[}\\]]");
        assertThat(Files.exists(folder)).isTrue();
    }
}
