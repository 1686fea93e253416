package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;

class RequestParsingTest {
    private static final MacroExpander NO_MACROS = new MacroExpander(name -> Optional.empty());

    private static Map<String, String> commands(String query) {
        return CommandAssembler.assemble(List.of(), ModifierTokenizer.fromUrl(query), List.of(), NO_MACROS, "obj").commands();
    }

    @Test
    void valuesAreDecodedAfterSplittingSoEncodedSeparatorsAreData() {
        assertThat(commands("TEXT=a%26b%3Dc&wid=10&Wid=20&text2=x+y%2B"))
                .containsEntry("text", "a&b=c").containsEntry("wid", "20").containsEntry("text2", "x y+")
                .hasSize(3);
    }

    @Test
    void nestedRequestsAreNotSplitAtTheirAmpersands() {
        assertThat(commands("src=is{cat/id?wid=30&hei=20}&mask=(a&b)&qlt=5"))
                .containsEntry("src", "is{cat/id?wid=30&hei=20}").containsEntry("mask", "(a&b)").containsEntry("qlt", "5");
    }

    @Test
    void commentsAreDroppedFromTheCommandsButKept() {
        var assembled = CommandAssembler.assemble(List.of(), ModifierTokenizer.fromUrl("wid=5&.stamp=2024&hei=6"),
                List.of(), NO_MACROS, "obj");
        assertThat(assembled.commands()).containsOnlyKeys("wid", "hei");
        assertThat(assembled.comments()).containsExactly("stamp=2024");
    }

    @Test
    void macrosExpandNestedAndCaseInsensitively() {
        Map<String, String> defs = Map.of("small", "wid=100&$inner$", "inner", "qlt=50&fmt=png");
        MacroExpander macros = new MacroExpander(name -> Optional.ofNullable(defs.get(name)));
        var assembled = CommandAssembler.assemble(List.of(), ModifierTokenizer.fromUrl("$SMALL$&wid=200"), List.of(),
                macros, "obj");
        assertThat(assembled.commands()).containsEntry("wid", "200").containsEntry("qlt", "50").containsEntry("fmt", "png");
    }

    @Test
    void macroCyclesAndUnknownMacrosAreUsageErrors() {
        Map<String, String> defs = Map.of("a", "$b$", "b", "$a$");
        MacroExpander macros = new MacroExpander(name -> Optional.ofNullable(defs.get(name)));
        assertThatThrownBy(() -> macros.expand(ModifierTokenizer.fromUrl("$a$")))
                .isInstanceOf(RequestException.class).hasMessageContaining("calls itself");
        assertThatThrownBy(() -> NO_MACROS.expand(ModifierTokenizer.fromUrl("$nope$")))
                .isInstanceOf(RequestException.class).hasMessageContaining("unknown macro");
    }

    @Test
    void variablesAreSubstitutedOnceAndUndefinedOnesStayLiteral() {
        // src= apart: the last of src=, text= and textPs= in a layer is the one that counts
        assertThat(commands("$v2=apple&$v1=my$v2$tree&text=$v1$&$object=x&mask=$OBJECT$"))
                .containsEntry("text", "my$v2$tree").containsEntry("mask", "x");
        assertThat(commands("src=a$undefined$b")).containsEntry("src", "a$undefined$b");
        assertThat(commands("src=$object$")).containsEntry("src", "obj");
        assertThatThrownBy(() -> commands("$n=1&layer=$n$")).isInstanceOf(RequestException.class);
    }

    @Test
    void postModifierBeatsUrlWhichBeatsModifier() {
        var assembled = CommandAssembler.assemble(
                ModifierTokenizer.fromCatalog("wid=1&hei=1&qlt=1&$c=red"),
                ModifierTokenizer.fromUrl("wid=2&qlt=2&$c=blue"),
                ModifierTokenizer.fromCatalog("qlt=3&bgc=$c$"), NO_MACROS, "o");
        assertThat(assembled.commands()).containsEntry("hei", "1").containsEntry("wid", "2").containsEntry("qlt", "3")
                .containsEntry("bgc", "blue");
    }

    @Test
    void catalogFieldsAreNotUrlDecoded() {
        assertThat(ModifierTokenizer.fromCatalog("text=a%20b+c")).containsExactly(Modifier.command("text", "a%20b+c"));
    }

    @Test
    void lockAndObfuscationFollowTheDocumentedExample() {
        assertThat(RequestUnlocker.lockValue("wid=200&fmt=png")).isEqualTo("59d2");
        assertThat(RequestUnlocker.verifyLock("wid=200&fmt=png&59D2")).isEqualTo("wid=200&fmt=png");
        assertThatThrownBy(() -> RequestUnlocker.verifyLock("wid=201&fmt=png&59d2")).isInstanceOf(RequestException.class);
        assertThat(RequestUnlocker.deobfuscate("d2lkPTIwMCZmbXQ9cG5n")).isEqualTo("wid=200&fmt=png");
        String sig = RequestUnlocker.signature("wid=200", "secret");
        assertThat(RequestUnlocker.verifySignature("wid=200&sig=" + sig, "secret")).isEqualTo("wid=200");
        assertThatThrownBy(() -> RequestUnlocker.verifySignature("wid=201&sig=" + sig, "secret"))
                .isInstanceOf(RequestException.class);
    }
}
