package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.http.RequestLog;
import org.imageserving.ps.layersource.ForeignSources;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.ProtocolCheck;
import org.imageserving.ps.request.ResolvedObject;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.responsecache.DiskResponseCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Templates ("Templates", "template"), catalog records as layer sources ("What a catalog record contributes to a
 * layer") and watermarks ("Watermarks"), from the request line to the render request the Image Server would get, on
 * real catalogs: the same steps as {@link ImageRequestProcessor} (resolution, request body, assembly, preparation).
 */
class TemplatesAndWatermarksTest {
    @TempDir
    Path folder;
    private DiskResponseCache cache;
    private CatalogService catalogs;
    private ObjectResolver resolver;
    private ImageRendering rendering;

    @BeforeEach
    void setUp() throws Exception {
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Path images = Files.createDirectories(folder.resolve("images/samples"));
        for (String name : List.of("canvas.png", "badge.png", "badge_de.png", "mark.png", "bg.png", "cut.png")) {
            Files.write(images.resolve(name), new byte[] {1, 2, 3});
        }
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nCatalogFile=default.txt\nWatermark=mark\n");
        Files.writeString(catalog.resolve("default.txt"), "Id\tPath\tModifier\n"
                + "mark\tsamples/mark.png\tsizeN=0.25,0.25&align=1,1&opac=40&blendMode=mult&wid=5&op_blur=1\n");
        Files.writeString(catalog.resolve("shop.ini"), "RootId=shop\nCatalogFile=shop.txt\nWatermark=\n"
                + "LocaleMap=de,_de,|,\n");
        Files.writeString(catalog.resolve("shop.txt"), "Id\tPath\tModifier\tPostModifier\tAnchor\n"
                + "canvas\tsamples/canvas.png\twid=99\t\t\n"
                + "badge\tsamples/badge.png\top_blur=2&wid=50\tqlt=55\t5,6\n"
                + "badge_de\tsamples/badge_de.png\t\t\t\n"
                + "frame\t\t$color=ff0000&src=shop/canvas&layer=1&color=$color$&size=10,10&layer=2&src=$object$"
                + "&sizeN=0.5,0.5\tqlt=10\t\n"
                + "backdrop\tsamples/bg.png\tlayer=1&src=$object$&pos=3,4\t\t\n"
                + "loop\t\tsrc=is{shop/badge?template=loop}\t\t\n"
                + "calls\t\ttemplate=frame\t\t\n"
                + "postcalls\tsamples/canvas.png\t\ttemplate=frame\t\n"
                + "composite\tsamples/canvas.png\tlayer=1&src=shop/badge\t\t\n"
                + "shadowed\tsamples/badge.png\teffect=-1&color=000000&pos=2,2\t\t\n");
        Files.writeString(catalog.resolve("stamped.ini"), "RootId=stamped\nCatalogFile=stamped.txt\nWatermark=stamp\n");
        Files.writeString(catalog.resolve("stamped.txt"), "Id\tPath\tModifier\n"
                + "pic\tsamples/canvas.png\t\n"
                + "stamp\t\tsizeN=0.5,0.5&align=-1,1&opac=30&src=samples/mark.png&layer=1&color=ff0000&size=4,4\n");
        Files.writeString(catalog.resolve("masked.ini"), "RootId=masked\nCatalogFile=masked.txt\nWatermark=cutmark\n");
        Files.writeString(catalog.resolve("masked.txt"), "Id\tPath\tMaskPath\tModifier\n"
                + "pic\tsamples/canvas.png\t\t\n"
                + "cutout\tsamples/badge.png\tsamples/cut.png\t\n"
                + "cutmark\tsamples/mark.png\tsamples/cut.png\talign=-1,-1\n");
        Files.writeString(catalog.resolve("marked.ini"), "RootId=marked\nCatalogFile=marked.txt\n");
        Files.writeString(catalog.resolve("marked.txt"), "Id\tPath\npic\tsamples/canvas.png\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        FrameClient nobody = new FrameClient("is", closedPort, Duration.ofMillis(200), Duration.ofMillis(200), 1, 1 << 20);
        cache = new DiskResponseCache(List.of(folder.resolve("cache")), 1 << 20, 100);
        catalogs = new CatalogService(catalog, Duration.ZERO);
        SourceFiles sources = new SourceFiles(List.of(folder.resolve("images")));
        resolver = new ObjectResolver(sources.roots());
        rendering = new ImageRendering(new ImageServerClient(nobody), catalogs, resolver, sources,
                new CachedRenderer(cache, Clock.systemUTC(), Duration.ofMinutes(5)),
                ErrorRedirect.of("", Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new ForeignSources(1 << 20, Duration.ofSeconds(1), false, Clock.systemUTC()), Duration.ofHours(1),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        cache.close();
    }

    /** The plan of {@code /is/image/path?query}, made as the request processor makes it. */
    private RenderPlan plan(String path, String query) {
        Catalogs all = catalogs.current();
        List<Modifier> url = ModifierTokenizer.fromUrl(query);
        String locale = url.stream().filter(m -> m.name().equals("locale")).map(Modifier::value).reduce((a, b) -> b)
                .orElse("");
        ResolvedObject object = resolver.resolve(all, ImageRendering.elements(path), locale);
        RequestBody body = RequestBody.of(resolver, all, object, url, locale, List.of());
        CommandAssembler.Assembled assembled = CommandAssembler.assemble(body.modifier(), url, body.postModifier(),
                new MacroExpander(object.main()::macro), object.requested());
        ProtocolCheck.acceptCommands(assembled.commands());
        RequestBody.checkTemplateCommand(assembled.commands(), url);
        Map<String, String> commands = new LinkedHashMap<>(assembled.commands());
        assembled.variables().forEach((name, value) -> {
            if (!name.equals("object")) {
                commands.put("$" + name, value);
            }
        });
        ClientRequest request = new ClientRequest("GET", "/is/image/" + path, path, query, "127.0.0.1", Map.of(), -1,
                new RequestLog());
        return rendering.plan(request, body.target(), commands, assembled.comments(), body.templates());
    }

    private RenderRequest render(String path, String query) {
        return plan(path, query).request();
    }

    @Test
    void aTemplateIsTheBodyWithItsVariableDefaultsAndTheUrlObjectAsObject() {
        RenderRequest r = render("shop/badge", "template=frame&$color=00ff00");
        assertThat(r.object()).isEqualTo("samples/canvas.png");
        assertThat(r.layers()).extracting(Layer::number).containsExactly(0, 1, 2);
        assertThat(r.layers().get(1).commands()).containsEntry("color", "00ff00");
        // $object$: the URL's record, whose Modifier applies to that layer only (its layer commands) and whose
        // Anchor is the layer's default anchor
        Layer object = r.layers().get(2);
        assertThat(object.source()).isEqualTo("samples/badge.png");
        assertThat(object.commands()).containsEntry("sizen", "0.5,0.5").containsEntry("op_blur", "2")
                .containsEntry("anchor", "5,6").doesNotContainKey("wid");
        assertThat(r.global()).doesNotContainKey("wid").doesNotContainKey("template");
        // the URL object's PostModifier always applies; the template's own (qlt=10) never
        assertThat(r.global()).containsEntry("qlt", "55");
        // layer 0's src= record contributes its layer commands only (canvas's wid=99 is a view command)
        assertThat(r.command("wid")).isNull();

        RenderRequest defaults = render("shop/badge", "template=frame");
        assertThat(defaults.layers().get(1).commands()).containsEntry("color", "ff0000");
        assertThat(plan("shop/badge", "template=frame").key()).isNotEqualTo(plan("shop/badge",
                "template=frame&$color=00ff00").key());
    }

    @Test
    void aTemplateWithAStaticBackgroundAndATemplateNamedInThePath() {
        RenderRequest r = render("shop/badge", "template=shop/backdrop");
        assertThat(r.object()).isEqualTo("samples/bg.png");
        assertThat(r.layers().get(1).source()).isEqualTo("samples/badge.png");
        assertThat(r.layers().get(1).commands()).containsEntry("pos", "3,4");
        // named in the path, a template's $object$ is itself, which cannot be a layer source
        assertThatThrownBy(() -> render("shop/frame", "")).isInstanceOf(RequestException.class)
                .hasMessageContaining("'frame' is a template")
                .hasMessageContaining("templates cannot be a layer's source");
        // ... unless the request says what $object is
        assertThat(render("shop/frame", "$object=shop/canvas").layers().get(2).source())
                .isEqualTo("samples/canvas.png");
    }

    @Test
    void localeTranslatesTheObjectsATemplateNames() {
        assertThat(render("shop/badge", "template=frame&locale=de").layers().get(2).source())
                .isEqualTo("samples/badge_de.png");
        assertThat(render("shop/canvas", "layer=1&src=shop/badge&locale=de").layers().get(1).source())
                .isEqualTo("samples/badge_de.png");
        assertThat(render("shop/canvas", "layer=1&src=badge&locale=fr").layers().get(1).source())
                .as("without a rootId, src= names the main catalog's records").isEqualTo("samples/badge.png");
    }

    @Test
    void templatesAreCalledOnlyWhereTheyMayBeAndLoopsAreRefusedAtOnce() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> render("shop/badge", "template=loop")).isInstanceOf(RequestException.class)
                .hasMessageContaining("template 'loop' includes itself");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThatThrownBy(() -> render("shop/loop", "")).hasMessageContaining("includes itself");
        assertThatThrownBy(() -> render("shop/calls", "")).hasMessageContaining("template=frame in catalog::Modifier");
        assertThatThrownBy(() -> render("shop/postcalls", ""))
                .hasMessageContaining("template=frame in catalog::PostModifier");
        assertThatThrownBy(() -> render("shop/badge", "template=nothing")).hasMessageContaining("no such catalog record");
        assertThatThrownBy(() -> render("shop/canvas", "layer=1&src=shop/frame"))
                .hasMessageContaining("templates cannot be a layer's source");
        assertThatThrownBy(() -> render("shop/canvas", "layer=1&src=shop/composite"))
                .hasMessageContaining("names layers itself");
    }

    @Test
    void aRecordAsALayerSourceBringsItsMaskPathAndEffects() {
        RenderRequest r = render("masked/pic", "layer=1&src=cutout&layer=2&src=shop/shadowed");
        assertThat(r.layers().get(1).source()).isEqualTo("samples/badge.png");
        assertThat(r.layers().get(1).commands()).containsEntry("mask", "samples/cut.png");
        assertThat(r.layers().get(2).commands()).containsEntry("@effect-1:color", "000000")
                .containsEntry("@effect-1:pos", "2,2");
        // layer 0's src= record brings its own MaskPath, not the URL record's
        assertThat(render("masked/pic", "src=cutout&req=tmb").layer0().commands()).containsEntry("mask",
                "samples/cut.png");
        assertThatThrownBy(() -> render("shop/canvas", "src=shop/shadowed"))
                .hasMessageContaining("effects in the Modifier of layer 0's source record are not supported yet");
        // the watermark's own MaskPath, in the top-left corner
        Layer mark = r.layers().get(3);
        assertThat(mark.commands()).containsEntry("mask", "samples/cut.png").containsEntry("posn", "-0.5,-0.5");
    }

    @Test
    void aCompositeWatermarkIsRenderedAsANestedRequestWhoseBytesAreTheTopLayer() {
        RenderPlan plan = plan("stamped/pic", "wid=100");
        Layer mark = plan.request().layers().get(plan.request().layers().size() - 1);
        assertThat(mark.source()).startsWith("inline{");
        assertThat(plan.layerInlines()).containsKey(mark.number());
        assertThat(plan.layerInlines().get(mark.number()).keyPart()).contains("samples%2Fmark.png")
                .doesNotContain("sizen").doesNotContain("opac");
        assertThat(mark.commands()).containsEntry("sizen", "0.5,0.5").containsEntry("opac", "30")
                .containsEntry("originn", "-0.5,0.5").containsEntry("posn", "-0.5,0.5");
        assertThat(plan.request().global()).containsEntry(RenderRequest.WATERMARK, Integer.toString(mark.number()));
    }

    @Test
    void aWatermarkIsTheTopLayerOfImageRepliesAndPartOfTheCacheKey() {
        RenderRequest r = render("marked/pic", "wid=100&layer=1&color=000000&size=5,5");
        Layer mark = r.layers().get(r.layers().size() - 1);
        assertThat(mark.number()).isEqualTo(2);
        assertThat(mark.source()).isEqualTo("samples/mark.png");
        // sizeN relative to the composite, aligned to the bottom-right corner, merged with its opac and blendMode;
        // request and view commands of the record (wid=5) are ignored
        assertThat(mark.commands()).containsEntry("sizen", "0.25,0.25").containsEntry("originn", "0.5,0.5")
                .containsEntry("posn", "0.5,0.5").containsEntry("opac", "40").containsEntry("blendmode", "mult")
                .containsEntry("op_blur", "1").doesNotContainKey("wid");
        assertThat(r.global()).containsEntry("wid", "100").containsEntry(RenderRequest.WATERMARK, "2");
        // a single-layer request gets it too
        RenderRequest single = render("marked/pic", "originN=-0.5,-0.5");
        assertThat(single.layers()).hasSize(2);
        assertThat(single.layers().get(1).commands()).containsEntry("posn", "0.5,0.5");
        // the default catalog's watermark applies to requests by path; a catalog's empty Watermark turns it off
        assertThat(render("samples/canvas.png", "").layers()).hasSize(2);
        assertThat(render("shop/canvas", "").layers()).hasSize(1);
        // never on thumbnails
        assertThat(render("marked/pic", "req=tmb").layers()).hasSize(1);
        assertThat(plan("marked/pic", "").key()).contains("samples%2Fmark.png");
    }
}
