package org.imageserving.common.imaging.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFormatTest {
    @TempDir
    Path folder;

    private SourceFormat of(int... head) throws IOException {
        byte[] bytes = new byte[head.length];
        for (int i = 0; i < head.length; i++) {
            bytes[i] = (byte) head[i];
        }
        return SourceFormat.of(Files.write(folder.resolve("file.bin"), bytes));
    }

    private SourceFormat of(String text) throws IOException {
        return SourceFormat.of(Files.write(folder.resolve("file.bin"), text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rasterFormatsAreToldByTheirFirstBytes() throws IOException {
        assertThat(of(0xFF, 0xD8, 0xFF, 0xE0)).isEqualTo(SourceFormat.JPEG);
        assertThat(of(0x89, 'P', 'N', 'G', 13, 10, 26, 10)).isEqualTo(SourceFormat.PNG);
        assertThat(of('G', 'I', 'F', '8', '9', 'a')).isEqualTo(SourceFormat.GIF);
        assertThat(of('B', 'M', 0, 0)).isEqualTo(SourceFormat.BMP);
        assertThat(of('I', 'I', 42, 0)).isEqualTo(SourceFormat.TIFF);
        assertThat(of('M', 'M', 0, 42)).isEqualTo(SourceFormat.TIFF);
        assertThat(of('I', 'I', 43, 0)).isEqualTo(SourceFormat.BIGTIFF);
        assertThat(of('M', 'M', 0, 43)).isEqualTo(SourceFormat.BIGTIFF);
        assertThat(of('R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P')).isEqualTo(SourceFormat.WEBP);
        assertThat(of('8', 'B', 'P', 'S', 0, 1)).isEqualTo(SourceFormat.PSD);
        assertThat(of("%!PS-Adobe-3.0 EPSF-3.0\n")).isEqualTo(SourceFormat.EPS);
        assertThat(of(0xC5, 0xD0, 0xD3, 0xC6)).isEqualTo(SourceFormat.EPS);
        assertThat(SourceFormat.TIFF.isTiff() && SourceFormat.BIGTIFF.isTiff() && !SourceFormat.PNG.isTiff()).isTrue();
    }

    @Test
    void pictIsFoundWithOrWithoutItsApplicationHeader() throws IOException {
        byte[] bare = new byte[14];
        bare[10] = 0;
        bare[11] = 0x11;
        bare[12] = 2;
        bare[13] = (byte) 0xFF;
        assertThat(SourceFormat.of(bare, bare.length)).isEqualTo(SourceFormat.PICT);
        byte[] withHeader = new byte[SourceFormat.HEAD_BYTES];
        withHeader[522] = 0x11;
        withHeader[523] = 1;
        assertThat(SourceFormat.of(Files.write(folder.resolve("v1.pct"), withHeader))).isEqualTo(SourceFormat.PICT);
    }

    @Test
    void xmlIsSvgWhateverItsNameEvenBehindAByteOrderMarkAndWhiteSpace() throws IOException {
        assertThat(of("<svg xmlns='http://www.w3.org/2000/svg'/>")).isEqualTo(SourceFormat.SVG);
        assertThat(of("\uFEFF \n\t<?xml version='1.0'?><svg/>")).isEqualTo(SourceFormat.SVG);
    }

    @Test
    void anythingElseIsUnknown() throws IOException {
        assertThat(of("hello")).isEqualTo(SourceFormat.UNKNOWN);
        assertThat(of("   ")).isEqualTo(SourceFormat.UNKNOWN);
        assertThat(of(0xFF, 0xD8)).as("too short to be sure").isEqualTo(SourceFormat.UNKNOWN);
        assertThat(of('I', 'I', 44, 0)).isEqualTo(SourceFormat.UNKNOWN);
        assertThat(of()).isEqualTo(SourceFormat.UNKNOWN);
    }
}
