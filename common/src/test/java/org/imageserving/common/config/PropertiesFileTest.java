package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PropertiesFileTest {
    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("test.conf");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private PropertiesFile read(String content) throws IOException {
        return PropertiesFile.read(write(content));
    }

    @Test
    void readsTheThreeSeparatorStyles() throws IOException {
        PropertiesFile p = read("a=1\nb: 2\nc 3\nd = 4\ne\t:\t5\nf\n");
        assertThat(p.values()).containsExactly(
                entry("a", "1"), entry("b", "2"), entry("c", "3"), entry("d", "4"), entry("e", "5"), entry("f", ""));
    }

    @Test
    void valueMayContainSeparatorCharacters() throws IOException {
        PropertiesFile p = read("url=http://host:8080/a=b\nkey: x:y\n");
        assertThat(p.get("url", null)).isEqualTo("http://host:8080/a=b");
        assertThat(p.get("key", null)).isEqualTo("x:y");
    }

    @Test
    void skipsCommentsAndBlankLines() throws IOException {
        PropertiesFile p = read("# a comment=1\n! another: 2\n   # indented comment\n\n   \nreal=yes\n");
        assertThat(p.values()).containsExactly(entry("real", "yes"));
    }

    @Test
    void joinsContinuationLinesAndStripsTheirLeadingWhitespace() throws IOException {
        PropertiesFile p = read("list=a;\\\n    b;\\\n\tc\nnext=1\n");
        assertThat(p.values()).containsExactly(entry("list", "a;b;c"), entry("next", "1"));
    }

    @Test
    void anEvenNumberOfTrailingBackslashesIsNotAContinuation() throws IOException {
        PropertiesFile p = read("path=C:\\\\\nnext=1\n");
        assertThat(p.values()).containsExactly(entry("path", "C:\\"), entry("next", "1"));
    }

    @Test
    void continuationKeepsTheLineNumberOfTheFirstLine() throws IOException {
        PropertiesFile p = read("# header\nn=1\\\n2\\\n3x\n");
        assertThat(p.get("n", null)).isEqualTo("123x");
        assertThatThrownBy(() -> p.getInt("n", 0, 0, 10))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(2));
    }

    @Test
    void decodesBackslashEscapes() throws IOException {
        PropertiesFile p = read("tab=a\\tb\nnl=a\\nb\ncr=a\\rb\nff=a\\fb\nplain=\\q\\\\\nuni=caf\\u00e9 \\u20AC\n"
                + "key\\ with\\ spaces=v\nkey\\=eq=w\nkey\\:colon=x\n");
        assertThat(p.get("tab", null)).isEqualTo("a\tb");
        assertThat(p.get("nl", null)).isEqualTo("a\nb");
        assertThat(p.get("cr", null)).isEqualTo("a\rb");
        assertThat(p.get("ff", null)).isEqualTo("a\fb");
        assertThat(p.get("plain", null)).isEqualTo("q\\");
        assertThat(p.get("uni", null)).isEqualTo("café €");
        assertThat(p.get("key with spaces", null)).isEqualTo("v");
        assertThat(p.get("key=eq", null)).isEqualTo("w");
        assertThat(p.get("key:colon", null)).isEqualTo("x");
    }

    @Test
    void unicodeEscapeInKey() throws IOException {
        PropertiesFile p = read("\\u0041BC=1\n");
        assertThat(p.values()).containsExactly(entry("ABC", "1"));
    }

    @Test
    void incompleteUnicodeEscapeNamesTheLine() throws IOException {
        Path file = write("a=1\nb=\\u12\n");
        assertThatThrownBy(() -> PropertiesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":2")
                .hasMessageContaining("\\u");
    }

    @Test
    void badUnicodeEscapeNamesTheLine() throws IOException {
        Path file = write("a=1\n\nb=\\uZZZZ\n");
        assertThatThrownBy(() -> PropertiesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":3")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(3));
    }

    @Test
    void stripsAByteOrderMarkOnTheFirstLine() throws IOException {
        PropertiesFile p = read("\uFEFFfirst=1\nsecond=2\n");
        assertThat(p.values()).containsOnlyKeys("first", "second");
        assertThat(p.get("first", null)).isEqualTo("1");
    }

    @Test
    void aByteOrderMarkBeforeACommentStillMakesAComment() throws IOException {
        PropertiesFile p = read("\uFEFF# comment\nx=1\n");
        assertThat(p.values()).containsExactly(entry("x", "1"));
    }

    @Test
    void duplicateKeyNamesTheFileAndBothLines() throws IOException {
        Path file = write("# comment\nport=1\nother=2\n\nport=3\n");
        assertThatThrownBy(() -> PropertiesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":5: ")
                .hasMessageContaining("'port'")
                .hasMessageContaining("first on line 2")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.file()).isEqualTo(file);
                    assertThat(ce.line()).isEqualTo(5);
                });
    }

    @Test
    void aKeyDifferingOnlyByEscapingIsStillADuplicate() throws IOException {
        Path file = write("ab=1\na\\b=2\n");
        assertThatThrownBy(() -> PropertiesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: ");
    }

    @Test
    void aValueWithoutAKeyIsAnError() throws IOException {
        Path file = write("ok=1\n=orphan\n");
        assertThatThrownBy(() -> PropertiesFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: ");
    }

    @Test
    void getLongAndGetIntReadNumbersAndDefaults() throws IOException {
        PropertiesFile p = read("big=5000000000\nsmall= 42 \n");
        assertThat(p.getLong("big", 0, 0, Long.MAX_VALUE)).isEqualTo(5_000_000_000L);
        assertThat(p.getInt("small", 0, 0, 100)).isEqualTo(42);
        assertThat(p.getInt("absent", 7, 0, 100)).isEqualTo(7);
        assertThat(p.getLong("absent", -3, -10, 10)).isEqualTo(-3);
    }

    @Test
    void getIntOutOfRangeNamesTheKeyAndLine() throws IOException {
        Path file = write("a=1\n# x\nport=70000\n");
        PropertiesFile p = PropertiesFile.read(file);
        assertThatThrownBy(() -> p.getInt("port", 1, 1, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: ")
                .hasMessageContaining("port")
                .hasMessageContaining("70000")
                .hasMessageContaining("65535");
    }

    @Test
    void getIntBeyondTheIntRangeIsAnErrorNotAWrapAround() throws IOException {
        Path file = write("n=4294967297\n");
        PropertiesFile p = PropertiesFile.read(file);
        assertThatThrownBy(() -> p.getInt("n", 1, 1, Integer.MAX_VALUE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":1: ");
    }

    @Test
    void getLongNonNumberNamesTheKeyAndLine() throws IOException {
        Path file = write("a=1\nb=2\ncache.maxSize=1GB\n");
        PropertiesFile p = PropertiesFile.read(file);
        assertThatThrownBy(() -> p.getLong("cache.maxSize", 0, 0, Long.MAX_VALUE))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3: ")
                .hasMessageContaining("cache.maxSize")
                .hasMessageContaining("1GB")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(3));
    }

    @Test
    void getBooleanAcceptsTheUsualSpellings() throws IOException {
        PropertiesFile p = read("a=true\nb=FALSE\nc=yes\nd=off\ne=1\nf=0\ng=On\nh=No\n");
        assertThat(p.getBoolean("a", false)).isTrue();
        assertThat(p.getBoolean("b", true)).isFalse();
        assertThat(p.getBoolean("c", false)).isTrue();
        assertThat(p.getBoolean("d", true)).isFalse();
        assertThat(p.getBoolean("e", false)).isTrue();
        assertThat(p.getBoolean("f", true)).isFalse();
        assertThat(p.getBoolean("g", false)).isTrue();
        assertThat(p.getBoolean("h", true)).isFalse();
        assertThat(p.getBoolean("absent", true)).isTrue();
        assertThat(p.getBoolean("absent", false)).isFalse();
    }

    @Test
    void getBooleanErrorNamesTheKeyAndLine() throws IOException {
        Path file = write("x=1\nflag=maybe\n");
        PropertiesFile p = PropertiesFile.read(file);
        assertThatThrownBy(() -> p.getBoolean("flag", true))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: ")
                .hasMessageContaining("flag")
                .hasMessageContaining("maybe");
    }

    @Test
    void getWithSeveralSpellingsReturnsTheFirstPresent() throws IOException {
        PropertiesFile p = read("second=2\nthird=3\n");
        assertThat(p.firstOf("first", "second", "third")).contains("2");
        assertThat(p.firstOf("nope", "neither", "third")).contains("3");
        assertThat(p.firstOf("nope", "second")).contains("2");
        assertThat(p.firstOf("nope", "neither")).isEmpty();
        assertThat(p.get("third", "dflt")).isEqualTo("3");
        assertThat(p.get("nope", "dflt")).isEqualTo("dflt");
    }

    @Test
    void valuesAreUnmodifiable() throws IOException {
        PropertiesFile p = read("a=1\n");
        assertThatThrownBy(() -> p.values().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void readIfPresentOnAMissingFileIsEmptyWithDefaults() {
        Path missing = dir.resolve("nope.conf");
        PropertiesFile p = PropertiesFile.readIfPresent(missing);
        assertThat(p.path()).isEqualTo(missing);
        assertThat(p.values()).isEmpty();
        assertThat(p.getInt("port", 1234, 1, 65535)).isEqualTo(1234);
        assertThat(p.getBoolean("flag", true)).isTrue();
    }

    @Test
    void readIfPresentReadsAnExistingFile() throws IOException {
        Path file = write("a=1\n");
        assertThat(PropertiesFile.readIfPresent(file).values()).containsExactly(entry("a", "1"));
    }

    @Test
    void readOnAMissingFileIsAConfigException() {
        Path missing = dir.resolve("nope.conf");
        assertThatThrownBy(() -> PropertiesFile.read(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
    }
}
