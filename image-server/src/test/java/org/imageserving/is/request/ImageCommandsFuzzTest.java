package org.imageserving.is.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;
import org.imageserving.testkit.QueryMutator;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test of the Image Server's command parsing: a few thousand random mutations of valid queries, made
 * into a {@link RenderRequest} the way the Platform Server sends one (global commands, {@code @layerN:} commands) and
 * parsed by everything the renderer parses before it touches a file: {@link ImageCommands#parse}, and for every
 * layer and the composite {@link LayerCommands}, {@link LayerStyle}, {@link FilterCommands} and
 * {@link EffectCommands}. Only a {@link RenderException} (a usage error, 403) may come out, and an
 * {@link IllegalArgumentException} from {@link RenderRequest#fromHeaders} for headers ps never sends. A failure names
 * the seed and the input; {@code -Dfuzz.seed=} and {@code -Dfuzz.iterations=} (default 3000) reproduce or lengthen a
 * run.
 */
class ImageCommandsFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261204L);
    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3000);
    static final List<String> QUERIES = List.of(
            "wid=400&hei=300&fmt=png&qlt=80,1&crop=0,0,100,100&rotate=90&op_usm=1,1,0,0&bgc=ff0000&scl=1",
            "req=imageprops&rgn=0,0,10,10&scl=0.5&fit=crop,1&align=-1,1&extend=1,1,1,1&rect=0,0,5,5&dpr=2",
            "fmt=gif-alpha&quantize=adaptive,diffuse,16,ff0000&resMode=sharp2&flip=lr&cropN=0,0,0.5,0.5"
                    + "&op_brightness=10&op_contrast=-10&op_hue=30&op_saturation=5&op_invert=1&op_sharpen=1",
            "layer=1&size=10,10&color=ff000080&pos=10,10&opac=50,20&blendMode=mult&origin=0,0&rotate=45&extend=1,2,3,4"
                    + "&layer=2&sizeN=0.5,0.5&posN=0.1,0.1&anchor=1,1&hide=0&bgColor=00ff00&res=36",
            "effect=-1&op_blur=2&op_grow=2&op_noise=10&color=000000c0&pos=5,5&maskUse=invert&blendMode=screen"
                    + "&effectMask=1&jpegSize=100&fmt=jpeg,gray&qlt=50",
            "req=validate&wid=100&hei=100&fit=hfit,0&scale=0.5&anchorN=0.5,0.5&op_usmR=1,2,3,1&fmt=tif,rgb,lzw");

    static final String LAYER = "@layer";

    /** Query to the headers ps sends: {@code layer=n} opens layer n, {@code effect=n} an effect of the current one. */
    static Map<String, String> headers(String query) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RenderRequest.OBJECT_HEADER, "samples/a.png");
        String layer = null;
        String effect = null;
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            if (name.equalsIgnoreCase("layer")) {
                layer = value.split(",", -1)[0];
                if (!layer.equals("0") && !layer.equals("comp")) {
                    headers.put(LAYER + layer, "samples/b.png");
                }
                effect = null;
                continue;
            }
            if (name.equalsIgnoreCase("effect")) {
                effect = value;
                continue;
            }
            String key = (effect == null ? "" : "@effect" + effect + ":") + name.toLowerCase(java.util.Locale.ROOT);
            if (layer == null || layer.equals("comp")) {
                headers.put(key, value);
            } else {
                headers.put(LAYER + layer + ":" + key, value);
            }
        }
        return headers;
    }

    static void parseAll(RenderRequest request) {
        ImageCommands.parse(request);
        EffectCommands.parse(request.global());
        LayerStyle.parse(request.global());
        FilterCommands.parse(request.global());
        for (Layer layer : request.layers()) {
            if (layer.number() > 0) {
                LayerCommands.parse(layer.commands());
                LayerStyle.parse(layer.commands());
                FilterCommands.parse(layer.commands());
            }
            EffectCommands.parse(layer.commands());
        }
    }

    @Test
    void everyMutationIsParsedOrRefusedAsAUsageError() {
        System.out.println("ImageCommandsFuzzTest seed " + SEED + ", " + ITERATIONS + " iterations");
        int refused = 0;
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Random random = new Random(SEED * 13 + i);
            String query = QueryMutator.mutate(random, QUERIES.get(random.nextInt(QUERIES.size())));
            RenderRequest request;
            try {
                request = RenderRequest.fromHeaders(headers(query));
            } catch (IllegalArgumentException e) {
                continue; // a layer number that is not one: ps never sends it, is answers it with a 500 frame
            }
            try {
                parseAll(request);
                parsed++;
            } catch (RenderException e) {
                refused++;
                assertThat(e.status()).as("%s", e.getMessage()).isEqualTo(403);
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(String.format("fuzz seed %d, iteration %d (reproduce with -Dfuzz.seed=%d): "
                        + "input '%s' gave %s", SEED, i, SEED, query.replace("\0", "\\0"), e), e);
            }
        }
        assertThat(refused).as("the mutations reach the error paths").isGreaterThan(ITERATIONS / 10);
        assertThat(parsed).as("and some still parse").isGreaterThan(ITERATIONS / 20);
    }
}
