package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;

/** Layer segments as "layer" documents them, through the real assembler. */
class LayerSegmentsTest {
    private static final MacroExpander NO_MACROS = new MacroExpander(name -> Optional.empty());

    static Map<String, String> assemble(String modifier, String query) {
        return CommandAssembler.assemble(ModifierTokenizer.fromCatalog(modifier), ModifierTokenizer.fromUrl(query),
                List.of(), NO_MACROS, "obj").commands();
    }

    @Test
    void layerCommandsBelongToTheirSegmentAndRequestCommandsToTheWholeRequest() {
        Map<String, String> c = assemble("", "size=100,100&layer=1&src=logo&pos=10,10&wid=300&layer=2,badge"
                + "&color=ff0000&size=20,20&layer=comp&op_blur=2&layer=badge&opac=50");
        assertThat(c).containsEntry("size", "100,100").containsEntry("wid", "300").containsEntry("op_blur", "2")
                .containsEntry("@layer1:src", "logo").containsEntry("@layer1:pos", "10,10")
                .containsEntry("@layer2:color", "ff0000").containsEntry("@layer2:size", "20,20")
                .containsEntry("@layer2:opac", "50").doesNotContainKey("layer").doesNotContainKey("@layer1:wid");
    }

    @Test
    void theSameNumberTwiceIsTheSameLayerAndTheLastCommandWins() {
        Map<String, String> c = assemble("", "layer=1&pos=1,1&layer=2&pos=2,2&layer=1&pos=3,3");
        assertThat(c).containsEntry("@layer1:pos", "3,3").containsEntry("@layer2:pos", "2,2");
    }

    /**
     * "textPs": mutually exclusive with src= and text= in the same layer, the last occurrence of the three prevails
     * (the Image Server gets the layer's commands without their order, so only the winner is sent).
     */
    @Test
    void theLastOfSrcTextAndTextPsDecidesWhatALayerIs() {
        assertThat(assemble("", "layer=1&src=logo&pos=1,1&textPs=Sale")).containsEntry("@layer1:textps", "Sale")
                .containsEntry("@layer1:pos", "1,1").doesNotContainKey("@layer1:src");
        assertThat(assemble("", "layer=1&textPs=Sale&src=logo")).containsEntry("@layer1:src", "logo")
                .doesNotContainKey("@layer1:textps");
        assertThat(assemble("", "layer=1&text=a&textPs=b")).containsEntry("@layer1:textps", "b")
                .doesNotContainKey("@layer1:text");
        assertThat(assemble("", "layer=1&textPs=b&text=a")).containsEntry("@layer1:text", "a")
                .doesNotContainKey("@layer1:textps");
        // across sources too (Modifier, then URL), and other layers keep theirs
        assertThat(assemble("layer=1&src=logo&layer=2&src=badge", "layer=1&text=hi"))
                .containsEntry("@layer1:text", "hi").doesNotContainKey("@layer1:src")
                .containsEntry("@layer2:src", "badge");
    }

    @Test
    void aLayerSelectedWithoutCommandsIsStillThere() {
        // marked, so that the Image Server refuses a layer without a source instead of nothing happening
        Map<String, String> c = assemble("", "wid=10&layer=1");
        assertThat(c).containsEntry("@layer1:", "").containsEntry("wid", "10");
        ProtocolCheck.acceptCommands(c);
    }

    @Test
    void eachSourceStartsOnComp() {
        // the Modifier's last layer= does not capture the URL's commands
        Map<String, String> c = assemble("layer=1&src=logo", "rotate=90");
        assertThat(c).containsEntry("@layer1:src", "logo").containsEntry("rotate", "90");
    }

    @Test
    void effectSegmentsBelongToTheirLayerOrToComp() {
        Map<String, String> c = assemble("", "effect=-1&color=0,0,0,128&pos=5,5&layer=1&src=logo&effect=1&color=ffffff"
                + "&crop=0,0,1,1&effectMask=0&layer=1&opac=50");
        assertThat(c).containsEntry("@effect-1:color", "0,0,0,128").containsEntry("@effect-1:pos", "5,5")
                .containsEntry("@layer1:@effect1:color", "ffffff").containsEntry("@layer1:opac", "50")
                .containsEntry("effectmask", "0");
        // an effect's segment keeps only what effects honour (the rest is ignored, as documented)
        assertThat(ProtocolCheck.forImageServer(c)).containsKey("@effect-1:color").doesNotContainKey("@layer1:@effect1:crop");
        assertThat(LayerSegments.ignoredInEffect("@layer1:@effect1:crop")).isTrue();
        assertThatThrownBy(() -> assemble("", "effect=0")).hasMessageContaining("other than 0");
        assertThatThrownBy(() -> assemble("", "effect=x")).hasMessageContaining("whole number");
    }

    @Test
    void badSelectorsAreRefused() {
        assertThatThrownBy(() -> assemble("", "layer=logo")).isInstanceOf(RequestException.class)
                .hasMessageContaining("no layer is named logo");
        assertThatThrownBy(() -> assemble("", "layer=1,a&layer=2,a")).hasMessageContaining("already names layer 1");
        assertThatThrownBy(() -> assemble("", "layer=1,comp")).hasMessageContaining("not a valid layer name");
        assertThatThrownBy(() -> assemble("", "layer=comp,x")).hasMessageContaining("comp cannot be named");
        assertThatThrownBy(() -> assemble("", "layer=99999999999")).hasMessageContaining("layer numbers go up to");
        assertThatThrownBy(() -> assemble("", "layer=$n$")).hasMessageContaining("may not contain a variable");
        // an unknown command inside a segment is refused by name, like anywhere else
        assertThatThrownBy(() -> ProtocolCheck.acceptCommands(assemble("", "layer=1&foo=1")))
                .hasMessage("unknown command: foo=1");
    }
}
