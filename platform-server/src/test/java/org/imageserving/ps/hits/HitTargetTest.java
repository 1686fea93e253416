package org.imageserving.ps.hits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which request URIs the direct hit path may take: exactly those Catalina hands to the image servlet unchanged. */
class HitTargetTest {
    @Test
    void plainImagePathsAreTaken() {
        assertThat(HitTarget.rawPath("/is/image/samples/tower.jpg", true)).isEqualTo("samples/tower.jpg");
        assertThat(HitTarget.rawPath("/is/image/shop/land", true)).isEqualTo("shop/land");
        assertThat(HitTarget.rawPath("/is/image/a%20b/k%C3%A4se", true)).isEqualTo("a%20b/k%C3%A4se");
        assertThat(HitTarget.rawPath("/is/image/.hidden/..x/x..", true)).isEqualTo(".hidden/..x/x..");
    }

    @Test
    void pathsCatalinaMapsElsewhereOrChangesGoThroughCatalina() {
        for (String uri : new String[] {"/is/image", "/is/image/", "/is/imagex/a", "/is/content/a", "/is//image/a",
                "/is/image/../health", "/is/image/a/../../x", "/is/image/./a", "/is/image/a/.", "/is/image/a//b",
                "/is/image/a/", "/is/image/a;jsessionid=1", "/is/image/%2e%2e/x", "/is/image/a%2Fb", "/is/image/a%5cb",
                "/is/image/a%00", "/is/image/a%zz", "/is/image/a%2", "/is/image/a\\b", null}) {
            assertThat(HitTarget.rawPath(uri, true)).as(uri).isNull();
        }
    }

    @Test
    void escapesAreLeftToCatalinaWhenItRejectsSuspiciousUris() {
        assertThat(HitTarget.rawPath("/is/image/a%20b", false)).isNull();
        assertThat(HitTarget.rawPath("/is/image/ab", false)).isEqualTo("ab");
    }
}
