package org.imageserving.svg.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedImagesTest {
    final EmbeddedImages images = new EmbeddedImages(HttpClient.newHttpClient(), 8080, 4_000_000, Duration.ofSeconds(1));

    @Test
    void onlyInlineRasterImagesAndImageServingRequestsAreAllowed() {
        assertThat(images.resolveResourceURI(null, "/is/image/a/b.jpg?wid=10").toString())
                .isEqualTo("isimage:/is/image/a/b.jpg?wid=10");
        assertThat(images.resolveResourceURI(null, "https://cdn.example.com/is/image/a.jpg").getSchemeSpecificPart())
                .isEqualTo("/is/image/a.jpg");
        assertThat(images.resolveResourceURI(null, "data:image/png;base64,iVBORw0KGgo=").getScheme()).isEqualTo("data");

        assertThat(images.resolveResourceURI(null, "/is/image/logo.svg?wid=10")).as("embedded SVG").isNull();
        assertThat(images.resolveResourceURI(null, "/is/content/a.jpg")).isNull();
        assertThat(images.resolveResourceURI(null, "file:///etc/passwd")).isNull();
        assertThat(images.resolveResourceURI(null, "http://127.0.0.1:9910/")).isNull();
        assertThat(images.resolveResourceURI(null, "a.png")).as("relative file").isNull();
        assertThat(images.resolveResourceURI(null, "data:image/svg+xml;base64,PHN2Zy8+")).isNull();
        assertThat(images.resolveResourceURI(null, "jar:file:/x.jar!/a.png")).isNull();
        assertThat(images.refused()).hasSize(7);
    }

    @Test
    void aNestedRequestKeepsItsEscapesAndGetsItsBracesEscaped() {
        URI resolved = images.resolveResourceURI(null, "/is/image/a.jpg?src=is{b.jpg?wid=5}&text=a%26b c");

        assertThat(EmbeddedImages.escapeForUri(resolved.getSchemeSpecificPart()))
                .isEqualTo("/is/image/a.jpg?src=is%7Bb.jpg?wid=5%7D&text=a%26b%20c");
    }
}
