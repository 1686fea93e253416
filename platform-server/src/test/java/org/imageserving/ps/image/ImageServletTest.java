package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageServletTest {
    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aFormBodyUpToTheLimitIsTheQuery() throws IOException {
        assertThat(ImageServlet.formQuery(body(" wid=20&fmt=png\r\n"))).hasValue("wid=20&fmt=png");
        String full = "wid=20&.c=" + "x".repeat(ImageServlet.MAX_POST_BYTES - 10);
        assertThat(ImageServlet.formQuery(body(full))).hasValue(full);
    }

    @Test
    void aLongerBodyIsRefusedWholeRatherThanCutIntoAnotherRequest() throws IOException {
        // cut at 64 KB, this would have been served as wid=20 without the fmt=png at its end
        String longer = "wid=20&.c=" + "x".repeat(ImageServlet.MAX_POST_BYTES) + "&fmt=png";
        assertThat(ImageServlet.formQuery(body(longer))).isEmpty();
    }
}
