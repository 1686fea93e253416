package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.reply.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request types viewers read catalog data with, answered by the Platform Server alone: req=imageset, req=targets,
 * req=set (swatch, spin, 2-D spin, e-catalog and media sets, nested and inline), req=xlate, req=message, req=xmp and
 * the refusals of req=saveToFile; the formats through the one property writer.
 */
class ViewerRequestsTest {
    @TempDir
    Path folder;
    private ProcessorWithoutImageServer server;

    @BeforeEach
    void processor() throws Exception {
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Path images = Files.createDirectories(folder.resolve("images/samples"));
        Files.write(images.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        Files.writeString(images.resolve("x.jpg"), "\u00ff\u00d8junk<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/>"
                + "</x:xmpmeta>junk", StandardCharsets.ISO_8859_1);
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nErrorDetail=2\nNonImgExpiration=0.1\n");
        Files.writeString(catalog.resolve("shop.ini"), "RootId=shop\nRootPath=samples\nCatalogFile=shop.txt\n"
                + "ErrorDetail=2\nLocaleMap=fr,_fr,|de,_de,|,,\nLocaleStrMap=fr,F|frc,F|,\nExpiration=5\n");
        Files.writeString(catalog.resolve("shop.txt"), String.join("\n",
                "Id\tPath\tImageSet\tTargets\tUserData\tAssetType\tMap",
                "land\ta.jpg\t\ttarget.1.rect=0,0,10,10??target.1.label=Roof^loc=F^Toit\tlabel=Land\t\t"
                        + "<area shape=\"rect\" coords=\"0,0,5,5\" href=\"/a\">",
                "land_fr\ta.jpg\t\t\t\t\t",
                "red\ta.jpg\t\t\tlabel=Red\t\t",
                "swatches\t\tshop/land;shop/red,shop/red;{0xff0000 Bright%20red}\t\t\t\t",
                "spin\t\tshop/land,shop/red,shop/land\t\t\tSPINSET\t",
                "spin2d\t\t{shop/land,shop/red},shop/spin\t\t\t\t",
                "pages\t\tshop/land:shop/red,shop/red\t\t\t\t",
                "media\t\tshop/land;;img;,shop/swatches;shop/red;img_set;,shop/spin;;spin;\t\t\t\t",
                "loop\t\tshop/media;;;,shop/land;;img;\t\t\tMEDIASET\t",
                "xmp\tx.jpg\t\t\t\t\t") + "\n");
        Files.writeString(catalog.resolve("tv.ini"), "RootId=tv\nRootPath=samples\nCatalogFile=tv.txt\n"
                + "StaticContentCatalogFile=tv-static.txt\nErrorDetail=2\nNonImgExpiration=2\n"
                + "HttpAppleStreamingContext=http://hls.example.com/vod\nHttpFlashStreamingContext=http://hds.example.com/vod/\n");
        Files.writeString(catalog.resolve("tv.txt"), String.join("\n", "Id\tPath\tImageSet\tAssetType",
                "trailer\t\ttv/low,tv/high,tv/flash,tv/nobitrate,tv/poster,tv/missing\tvideo_set",
                "flashonly\t\ttv/flash\tvideo_set",
                "stills\t\ttv/poster\t",
                "broken\t\ttv/bad\t",
                "poster\ta.jpg\t\t") + "\n");
        Files.writeString(catalog.resolve("tv-static.txt"), String.join("\n",
                "Id\tPath\tVideoBitRate\tAudioBitRate\tTotalStreamBitRate\tVideoSize",
                "low\tvideo/trailer-640.mp4\t800000\t128000\t\t640,360",
                "high\tvideo/trailer-1280.mp4\t2000000\t\t2200000\t1280,720",
                "flash\tvideo/trailer.f4v\t\t96000\t\t",
                "nobitrate\tvideo/trailer-320.mp4\t\t\t\t",
                "bad\tvideo/bad.mp4\tfast\t\t\t") + "\n");
        server = ProcessorWithoutImageServer.on(folder, Optional.of(folder.resolve("saved")));
    }

    @AfterEach
    void close() {
        server.close();
    }

    private Reply get(String path, String query) {
        return server.get(path, query);
    }

    private static String text(Reply reply) {
        assertThat(reply).isInstanceOfSatisfying(Reply.Entity.class, e -> assertThat(e.status()).isEqualTo(200));
        return new String(((Reply.Entity) reply).body().bytes().get(), StandardCharsets.UTF_8);
    }

    private static String contentType(Reply reply) {
        return ((Reply.Entity) reply).body().contentType();
    }

    @Test
    void imageSetIsTheFieldLocalizedWithALineEnd() {
        assertThat(text(get("shop/swatches", "req=imageset"))).isEqualTo(
                "shop/land;shop/red,shop/red;{0xff0000 Bright%20red}\r\n");
        assertThat(text(get("shop/nothing", "req=imageset"))).isEqualTo("\r\n");
        Reply json = get("shop/swatches", "req=imageset,json&handler=cb&id=3");
        assertThat(text(json)).startsWith("/*jsonp*/cb({\"catalogRecord.imageSet\":\"shop/land;shop/red,")
                .endsWith("},\"3\");");
        assertThat(((Reply.Entity) json).caching().ttlHours()).isEqualTo(0.1);
        assertThat(text(get("shop/swatches", "req=imageset,xml"))).contains("<prop-group name=\"catalogRecord\">")
                .contains("<property name=\"imageSet\" value=\"shop/land;shop/red,");
    }

    @Test
    void targetsInTextAndPropertyFormsWithLocalizedLabels() {
        Reply reply = get("shop/land", "req=targets");
        assertThat(text(reply)).isEqualTo("target.1.rect=0,0,10,10\r\ntarget.1.label=Roof\r\n");
        assertThat(((Reply.Entity) reply).caching().ttlHours()).isEqualTo(5);
        assertThat(text(get("shop/land", "req=targets&locale=frc"))).contains("target.1.label=Toit\r\n");
        assertThat(text(get("shop/land", "req=targets,javascript"))).contains("target.1.rect='0,0,10,10'");
        assertThat(text(get("shop/red", "req=targets"))).isEqualTo("\r\n");
    }

    @Test
    void swatchSetInXmlAndJson() {
        Reply xml = get("shop/swatches", "req=set,xml");
        assertThat(contentType(xml)).startsWith("text/xml");
        assertThat(text(xml)).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <set pv="1.0" type="img_set" n="shop/swatches">
                  <item>
                    <i n="shop/land"/>
                    <s n="shop/red"/>
                  </item>
                  <item>
                    <i n="shop/red"/>
                    <s c="0xff0000" l="Bright red"/>
                  </item>
                </set>
                """);
        assertThat(text(get("shop/swatches", "req=set,json&id=7&labelkey=label"))).isEqualTo(
                "/*jsonp*/s7jsonResponse({\"set\":{\"pv\":\"1.0\",\"type\":\"img_set\",\"n\":\"shop/swatches\","
                        + "\"item\":[{\"i\":{\"n\":\"shop/land\",\"l\":\"Land\"},\"s\":{\"n\":\"shop/red\",\"l\":\"Red\"}},"
                        + "{\"i\":{\"n\":\"shop/red\",\"l\":\"Red\"},\"s\":{\"c\":\"0xff0000\",\"l\":\"Bright red\"}}]}},\"7\");");
        // a record without a set is a simple image; the default format is xml
        assertThat(text(get("shop/land", "req=set"))).contains("<set pv=\"1.0\" type=\"img\" n=\"shop/land\">")
                .contains("<i n=\"shop/land\"/>");
    }

    @Test
    void xmlRepliesInTheDocumentedEncodings() {
        Reply utf16 = get("shop/swatches", "req=set,xml,UTF-16");
        assertThat(contentType(utf16)).isEqualTo("text/xml; charset=UTF-16");
        String text = new String(((Reply.Entity) utf16).body().bytes().get(), StandardCharsets.UTF_16);
        assertThat(text).startsWith("<?xml version=\"1.0\" encoding=\"UTF-16\"?>").contains("<s n=\"shop/red\"/>");
        Reply latin = get("shop/land", "req=targets,xml,iso-8859-1&locale=frc");
        assertThat(contentType(latin)).isEqualTo("text/xml; charset=ISO-8859-1");
        assertThat(new String(((Reply.Entity) latin).body().bytes().get(), StandardCharsets.ISO_8859_1))
                .contains("encoding=\"ISO-8859-1\"").contains("value=\"Toit\"");
        assertThat(get("shop/land", "req=targets,xml,EBCDIC")).isInstanceOfSatisfying(Reply.Failure.class,
                f -> assertThat(f.message()).contains("xml encoding EBCDIC"));
    }

    @Test
    void spinPageAndMediaSetsWithNestedSets() {
        assertThat(text(get("shop/spin", "req=set"))).contains("type=\"spin\"").contains("<i n=\"shop/red\"/>");
        String spin2d = text(get("shop/spin2d", "req=set"));
        assertThat(spin2d).contains("<set pv=\"1.0\" type=\"spin\" n=\"shop/spin2d\">")
                .contains("<set type=\"spin\">").contains("<set type=\"spin\" n=\"shop/spin\">");
        String pages = text(get("shop/pages", "req=set"));
        assertThat(pages).contains("type=\"ecat\"").contains("<i n=\"shop/land\"/>\n    <i n=\"shop/red\"/>");
        String media = text(get("shop/media", "req=set"));
        assertThat(media).contains("type=\"media_set\"").contains("<item type=\"img\">")
                .contains("<item type=\"img_set\">\n    <s n=\"shop/red\"/>\n    <set type=\"img_set\" n=\"shop/swatches\">")
                .contains("<item type=\"spin\">");
        // inline sets, and a media set inside a media set is refused
        assertThat(text(get("shop/land", "req=set&imageSet={shop/land;shop/red}"))).contains("type=\"img_set\"")
                .contains("<s n=\"shop/red\"/>");
        assertThat(get("shop/loop", "req=set")).isInstanceOfSatisfying(Reply.Failure.class,
                f -> assertThat(f.message()).contains("a media set inside a media set"));
        assertThat(get("shop/spin", "req=set,text")).isInstanceOf(Reply.Failure.class);
        assertThat(get("shop/spin", "req=set&labelkey=a%3Ab")).isInstanceOfSatisfying(Reply.Failure.class,
                f -> assertThat(f.message()).contains("the colon character is not allowed"));
    }

    @Test
    void mbrSetListsTheVideoSetsStreamsAsHlsOrHdsManifests() {
        Reply m3u8 = get("tv/trailer", "req=mbrSet");
        assertThat(text(m3u8)).isEqualTo("""
                #EXTM3U
                #EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=928000,RESOLUTION=640x360
                http://hls.example.com/vod/video/trailer-640.mp4
                #EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=2200000,RESOLUTION=1280x720
                http://hls.example.com/vod/video/trailer-1280.mp4
                """);
        assertThat(((Reply.Entity) m3u8).body().contentType()).startsWith("application/vnd.apple.mpegurl");
        assertThat(((Reply.Entity) m3u8).caching().ttlHours()).as("NonImgExpiration").isEqualTo(2);
        Reply f4m = get("tv/trailer", "req=mbrSet&fmt=f4m");
        assertThat(text(f4m)).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <manifest xmlns="http://ns.adobe.com/f4m/1.0">
                  <id>tv/trailer</id>
                  <streamType>recorded</streamType>
                  <baseURL>http://hds.example.com/vod/</baseURL>
                  <media url="video/trailer.f4v" bitrate="96"/>
                </manifest>
                """);
        assertThat(((Reply.Entity) f4m).body().contentType()).startsWith("application/f4m+xml");
        assertThat(((Reply.Entity) get("tv/trailer", "req=mbrSet,xml&fmt=f4m")).body().contentType())
                .startsWith("text/xml");
        Reply utf16 = get("tv/trailer", "req=mbrSet,xml,UTF-16&fmt=f4m");
        assertThat(new String(((Reply.Entity) utf16).body().bytes().get(), StandardCharsets.UTF_16))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-16\"?>").contains("bitrate=\"96\"");
        assertThat(((Reply.Entity) get("tv/trailer", "req=mbrSet,text")).body().contentType()).startsWith("text/plain");
        // m3u8 prefers mp4 and falls back to f4v; f4m the other way round
        assertThat(text(get("tv/flashonly", "req=mbrSet"))).contains("http://hls.example.com/vod/video/trailer.f4v");
        assertThat(text(get("tv/stills", "req=mbrSet"))).as("no video in the set").isEmpty();
        assertThat(text(get("tv/poster", "req=mbrSet"))).as("no set").isEmpty();
        assertThat(get("tv/broken", "req=mbrSet")).isInstanceOfSatisfying(Reply.Failure.class, failure ->
                assertThat(failure.message()).contains("catalog::videobitrate of bad is fast"));
        assertThat(get("tv/trailer", "req=mbrSet&fmt=mpd")).isInstanceOfSatisfying(Reply.Failure.class, failure ->
                assertThat(failure.message()).contains("the formats of req=mbrSet are m3u8 and f4m"));
        assertThat(get("tv/trailer", "req=mbrSet,xml")).isInstanceOfSatisfying(Reply.Failure.class, failure ->
                assertThat(failure.message()).contains("an m3u8 playlist is not XML"));
        assertThat(get("shop/swatches", "req=mbrSet")).as("image sets have no streams").isInstanceOf(Reply.Entity.class);
    }

    @Test
    void xlateListsTheLocaleVariantsThatExist() {
        assertThat(text(get("shop/land", "req=xlate"))).contains("xlate.translatedIds=land,land_fr\n");
        assertThat(text(get("shop/land", "req=xlate,json"))).contains("{\"xlate.translatedIds\":\"land,land_fr\"}");
    }

    @Test
    void messageIsLoggedAndAnsweredEmpty() {
        Reply reply = get("shop", "req=message&message=hello%20log");
        assertThat(text(reply)).isEmpty();
        assertThat(((Reply.Entity) reply).caching()).isEqualTo(Reply.Caching.NO_STORE);
        assertThat(text(get("", "req=message&message=x"))).isEmpty();
    }

    @Test
    void xmpOfTheSourceOrAnEmptyPacket() {
        Reply xmp = get("shop/xmp", "req=xmp");
        assertThat(contentType(xmp)).startsWith("text/xml");
        assertThat(text(xmp)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/></x:xmpmeta>\n");
        assertThat(text(get("shop/land", "req=xmp"))).isEqualTo(ViewerReplies.EMPTY_XMP);
    }

    @Test
    void mapOfABareRecordIsTheFieldAndSaveToFileNeedsASavePath() {
        assertThat(text(get("shop/land", "req=map"))).isEqualTo("<area shape=\"rect\" coords=\"0,0,5,5\" href=\"/a\">");
        assertThat(text(get("shop/red", "req=map"))).isEmpty();
        assertThat(text(get("shop/land", "req=map,json"))).contains("\"image.map\":\"\\u003carea shape=");
        assertThat(get("shop/land", "req=saveToFile&name=a.jpg")).isInstanceOfSatisfying(Reply.Failure.class,
                f -> assertThat(f.message()).contains("attribute::SavePath"));
    }

    @Test
    void mapAreasMoveWithTheReplyGeometry() {
        RenderedImage described = new RenderedImage(org.imageserving.common.props.PropertyData.CONTENT_TYPE,
                org.imageserving.common.props.PropertyData.encode(Map.of("image.width", "200", "image.height", "100")),
                Map.of("layout.crop", "0,0,400,200", "layout.layerScale", "1", "layout.extend", "0,0",
                        "layout.scale", "0.5,0.5", "layout.origin", "0,0", "layout.quarterTurns", "0",
                        "layout.layerSize", "400,200", "layout.flip", "NONE", "layout.composite", "400,200"));
        ViewerReplies.Geometry g = ViewerReplies.Geometry.of(described);
        var main = new CatalogService(folder.resolve("catalog"), Duration.ZERO).current().defaultCatalog();
        assertThat(ViewerReplies.transformMap("<AREA SHAPE=RECT COORDS=\"100,50,300,400\" HREF=\"x\">"
                + "<area shape=\"poly\" coords=\"0,0,40,0,40,40\"><area href=\"all\"><area shape=circle coords=1,1,1>",
                g, main, "")).isEqualTo("<area shape=\"rect\" coords=\"50,25,150,100\" href=\"x\">"
                + "<area shape=\"poly\" coords=\"0,0,20,0,20,20\"><area href=\"all\" shape=\"rect\" coords=\"0,0,200,100\">");
        // a quarter turn clockwise: 400 x 200 becomes 200 x 400, at scale 0.5 a 100 x 200 reply
        RenderedImage turned = new RenderedImage(org.imageserving.common.props.PropertyData.CONTENT_TYPE,
                org.imageserving.common.props.PropertyData.encode(Map.of("image.width", "100", "image.height", "200")),
                Map.of("layout.crop", "0,0,400,200", "layout.layerScale", "1", "layout.extend", "0,0",
                        "layout.scale", "0.5,0.5", "layout.origin", "0,0", "layout.quarterTurns", "1",
                        "layout.layerSize", "400,200", "layout.flip", "NONE", "layout.composite", "400,200"));
        assertThat(ViewerReplies.transformMap("<area shape=\"rect\" coords=\"0,0,100,50\">",
                ViewerReplies.Geometry.of(turned), main, "")).isEqualTo("<area shape=\"rect\" coords=\"75,0,100,50\">");
    }
}
