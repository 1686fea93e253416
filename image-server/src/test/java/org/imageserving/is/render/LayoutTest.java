package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.request.ImageCommands;
import org.junit.jupiter.api.Test;

/** Geometry computed from the header alone, with catalog attributes as the Platform Server sends them. */
class LayoutTest {
    static Layout plan(int w, int h, String query) {
        Map<String, String> c = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                c.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return Layout.plan(ImageCommands.parse(RenderRequest.of("x", c)), w, h, 16_000_000L);
    }

    @Test
    void defaultPixAttributeCapsTheView() {
        Layout layout = plan(1000, 500, "attribute::defaultpix=300,300");
        assertThat(layout.width()).isEqualTo(300);
        assertThat(layout.height()).isEqualTo(150);
        Layout unconstrained = plan(1000, 500, "attribute::defaultpix=0,0");
        assertThat(unconstrained.width()).isEqualTo(1000);
    }

    @Test
    void maxPixAttributeAndZeroMeansNoLimit() {
        assertThatThrownBy(() -> plan(100, 100, "wid=600&attribute::maxpix=500,500"))
                .hasMessageContaining("attribute::MaxPix 500,500");
        assertThat(plan(100, 10, "wid=6000&attribute::maxpix=0,0").width()).isEqualTo(6000);
    }

    @Test
    void rectTileIsCheckedAgainstMaxPixNotTheWholeView() {
        Layout tile = plan(1000, 1000, "wid=4000&rect=0,0,512,512&attribute::maxpix=1000,1000");
        assertThat(tile.width()).isEqualTo(512);
        assertThat(tile.scaleX()).isEqualTo(4.0);
    }

    @Test
    void dprMultipliesSizeScaleAndPadding() {
        Layout layout = plan(200, 100, "wid=100&hei=100&dpr=on,2");
        assertThat(layout.width()).isEqualTo(200);
        assertThat(layout.height()).isEqualTo(200);
        assertThat(layout.scaleX()).isEqualTo(1.0);
        assertThat(layout.originY()).isEqualTo(50); // 25 rows of padding above, doubled
        assertThat(plan(200, 100, "wid=100&dpr=off").width()).isEqualTo(100);
    }

    @Test
    void dprIsLoweredToMaxPixKeepingTheAspectButATileIsCheckedAsItIs() {
        Layout tall = plan(100, 200, "hei=150&dpr=on,2&attribute::maxpix=1000,200");
        assertThat(tall.height()).isEqualTo(200);
        assertThat(tall.width()).isEqualTo(100);
        Layout tile = plan(1000, 1000, "wid=4000&dpr=on,2&rect=512,0,512,512&attribute::maxpix=1000,1000");
        assertThat(tile.scaleX()).isEqualTo(8.0);
        assertThat(tile.width()).isEqualTo(512);
    }

    @Test
    void maxRenderRgnPixelsAlwaysApplies() {
        assertThatThrownBy(() -> plan(100, 100, "wid=5000&hei=5000&attribute::maxpix=0,0"))
                .hasMessageContaining("IS::MaxRenderRgnPixels");
    }

    @Test
    void thumbnailTypes() {
        Layout fit = plan(200, 100, "req=tmb");
        assertThat(fit.scaleX()).isEqualTo(0.5);
        Layout crop = plan(200, 100, "req=tmb&attribute::thumbtype=1");
        assertThat(crop.scaleX()).isEqualTo(1.0);
        assertThat(crop.originX()).isEqualTo(-50); // centred: 200 wide in a 100 view
        Layout left = plan(200, 100, "req=tmb&attribute::thumbtype=1&attribute::thumbhorizalign=1");
        assertThat(left.originX()).isEqualTo(0);
        Layout texture = plan(200, 100, "req=tmb&attribute::thumbtype=3&attribute::thumbres=36&attribute::resolution=72");
        assertThat(texture.scaleX()).isEqualTo(0.5);
        Layout colour = plan(200, 100, "req=tmb&attribute::thumbbkgcolor=ff0000");
        assertThat(colour.background()).isEqualTo(0xFFFF0000);
    }

    @Test
    void extendNormalizedIsRelativeToTheTransformedLayer() {
        Layout layout = plan(200, 100, "rotate=90&extendN=0.5,0,0,0.1");
        assertThat(layout.compositeWidth()).isEqualTo(150);
        assertThat(layout.compositeHeight()).isEqualTo(220);
    }
}
