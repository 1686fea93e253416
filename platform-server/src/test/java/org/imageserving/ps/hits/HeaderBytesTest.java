package org.imageserving.ps.hits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;

/** Headers as bytes: what Tomcat's Http11OutputBuffer would have written for the same strings. */
class HeaderBytesTest {
    @Test
    void everyStringHeaderBecomesItsIsoLatinBytesWithControlsAsSpaces() {
        MimeHeaders headers = new MimeHeaders();
        headers.addValue("ETag").setString("\"abc\"");
        headers.addValue("X-Name").setString("caf\u00e9\tbar\u0001\u007f");
        headers.addValue("Content-Length").setLong(8371);
        HeaderBytes.encode(headers);
        for (int i = 0; i < headers.size(); i++) {
            assertThat(headers.getName(i).getType()).isEqualTo(MessageBytes.T_BYTES);
            assertThat(headers.getValue(i).getType()).isEqualTo(MessageBytes.T_BYTES);
        }
        assertThat(text(headers.getName(0))).isEqualTo("ETag");
        assertThat(text(headers.getValue(0))).isEqualTo("\"abc\"");
        assertThat(text(headers.getValue(1))).isEqualTo("caf\u00e9\tbar  ");
        assertThat(text(headers.getValue(2))).isEqualTo("8371");
    }

    @Test
    void aValueIsoLatinCannotHoldStaysAStringForTomcatToRefuse() {
        MimeHeaders headers = new MimeHeaders();
        headers.addValue("X-Name").setString("\u20ac");
        headers.addValue("X-Other").setString("ok");
        HeaderBytes.encode(headers);
        assertThat(headers.getValue(0).getType()).isEqualTo(MessageBytes.T_STR);
        assertThat(headers.getValue(1).getType()).isEqualTo(MessageBytes.T_BYTES);
        assertThat(text(headers.getValue(1))).isEqualTo("ok");
    }

    private static String text(MessageBytes bytes) {
        return new String(bytes.getByteChunk().getBytes(), bytes.getByteChunk().getStart(),
                bytes.getByteChunk().getLength(), StandardCharsets.ISO_8859_1);
    }
}
