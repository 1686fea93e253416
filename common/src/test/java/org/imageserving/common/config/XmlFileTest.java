package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

class XmlFileTest {
    @TempDir
    Path dir;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("test.xml");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsElementsTextAndAttributes() throws IOException {
        XmlFile xml = XmlFile.read(write("""
                <?xml version="1.0"?>
                <root a="x">
                  <item>one</item>
                  <item> two </item>
                  <other>&lt;3&gt;</other>
                </root>
                """));
        Element root = xml.root();
        assertThat(root.getTagName()).isEqualTo("root");
        assertThat(root.getAttribute("a")).isEqualTo("x");
        assertThat(XmlFile.children(root, "item")).extracting(Element::getTextContent).containsExactly("one", " two ");
        assertThat(XmlFile.childText(root, "item")).contains("one");
        assertThat(XmlFile.childText(root, "other")).contains("<3>");
        assertThat(XmlFile.childText(root, "absent")).isEmpty();
        assertThat(XmlFile.child(root, "absent")).isEmpty();
    }

    @Test
    void everyElementRemembersItsLine() throws IOException {
        XmlFile xml = XmlFile.read(write("""
                <?xml version="1.0"?>
                <root>
                  <!-- comment -->

                  <a>1</a>
                  <b>
                    <c>2</c>
                  </b>
                </root>
                """));
        Element root = xml.root();
        assertThat(xml.line(root)).isEqualTo(2);
        assertThat(xml.line(XmlFile.child(root, "a").orElseThrow())).isEqualTo(5);
        Element b = XmlFile.child(root, "b").orElseThrow();
        assertThat(xml.line(b)).isEqualTo(6);
        assertThat(xml.line(XmlFile.child(b, "c").orElseThrow())).isEqualTo(7);
        assertThat(xml.error(b, "boom")).hasMessage(xml.path() + ":6: boom");
    }

    @Test
    void notWellFormedReportsTheLineOfTheError() throws IOException {
        Path file = write("""
                <?xml version="1.0"?>
                <root>
                  <a>1</a>
                  <b>2</c>
                  <d>3</d>
                </root>
                """);
        assertThatThrownBy(() -> XmlFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":4: ")
                .hasMessageContaining("not well-formed")
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.line()).isEqualTo(4);
                    assertThat(ce.file()).isEqualTo(file);
                });
    }

    @Test
    void unclosedRootReportsALine() throws IOException {
        Path file = write("<root>\n  <a>1</a>\n");
        assertThatThrownBy(() -> XmlFile.read(file))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).line()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void aDoctypeWithAnExternalEntityIsRefusedAndNothingIsRead() throws IOException {
        Path secret = dir.resolve("secret.txt");
        String marker = "TOP-SECRET-" + System.nanoTime();
        Files.writeString(secret, marker);
        Path file = write("<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\"><!ENTITY s SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<x>&e;&s;</x>\n");
        String passwd = Files.isReadable(Path.of("/etc/passwd")) ? Files.readAllLines(Path.of("/etc/passwd")).get(0) : null;
        assertThatThrownBy(() -> XmlFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContainingAll("DOCTYPE")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(marker);
                    if (passwd != null) {
                        assertThat(e.getMessage()).doesNotContain(passwd);
                    }
                    assertThat(((ConfigException) e).line()).isEqualTo(2);
                });
    }

    @Test
    void aPlainDoctypeIsRefusedToo() throws IOException {
        Path file = write("<?xml version=\"1.0\"?>\n<!DOCTYPE root SYSTEM \"http://127.0.0.1:1/none.dtd\">\n<root/>\n");
        assertThatThrownBy(() -> XmlFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void aMissingFileIsAConfigException() {
        Path missing = dir.resolve("absent.xml");
        assertThatThrownBy(() -> XmlFile.read(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": file not found")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isZero());
    }

    @Test
    void childIntReadsValuesAndDefaults() throws IOException {
        XmlFile xml = XmlFile.read(write("<r>\n  <n> 42 </n>\n  <neg>-5</neg>\n</r>\n"));
        assertThat(xml.childInt(xml.root(), "n", 0, 1, 100)).isEqualTo(42);
        assertThat(xml.childInt(xml.root(), "neg", 0, -10, 10)).isEqualTo(-5);
        assertThat(xml.childInt(xml.root(), "absent", 7, 1, 100)).isEqualTo(7);
    }

    @Test
    void childIntOutOfRangeReportsTheElementsLine() throws IOException {
        Path file = write("<r>\n  <a>1</a>\n\n  <port>70000</port>\n</r>\n");
        XmlFile xml = XmlFile.read(file);
        assertThatThrownBy(() -> xml.childInt(xml.root(), "port", 1, 1, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":4: ")
                .hasMessageContaining("<port>")
                .hasMessageContaining("70000")
                .hasMessageContaining("65535")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(4));
    }

    @Test
    void childIntNonNumberReportsTheElementsLine() throws IOException {
        Path file = write("<r>\n  <a>1</a>\n  <b>2</b>\n  <threads>four</threads>\n</r>\n");
        XmlFile xml = XmlFile.read(file);
        assertThatThrownBy(() -> xml.childInt(xml.root(), "threads", 1, 0, 100))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":4: ")
                .hasMessageContaining("<threads>")
                .hasMessageContaining("'four'");
    }

    @Test
    void childrenOnlyListsDirectChildrenWithTheExactName() throws IOException {
        XmlFile xml = XmlFile.read(write("<r><a>1</a><x><a>nested</a></x><A>upper</A><a>2</a></r>"));
        List<Element> as = XmlFile.children(xml.root(), "a");
        assertThat(as).extracting(Element::getTextContent).containsExactly("1", "2");
    }
}
