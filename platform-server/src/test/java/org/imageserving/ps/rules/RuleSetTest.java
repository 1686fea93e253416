package org.imageserving.ps.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetTest {
    @TempDir
    Path folder;

    private RuleSet rules(String body) throws IOException {
        Path file = folder.resolve("rules.xml");
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ruleset>" + body + "</ruleset>");
        return RuleSetFile.read(file);
    }

    @Test
    void substitutionsWithGroupsBreakAndContinue() throws Exception {
        RuleSet set = rules("""
                <rule OnMatch="continue" Expiration="0.5"><expression>(?i)_hq$</expression>
                  <substitution><![CDATA[?qlt=92]]></substitution></rule>
                <rule><expression>([^/]+)/(thumb|zoom)$</expression><substitution>$2Tpl?$object=cat/$1</substitution></rule>
                <rule><expression>never</expression><substitution>x</substitution></rule>
                """);
        var hq = RuleSetProcessor.apply(set, "is", "cat/shoe_HQ", "10.0.0.1");
        assertThat(hq.request()).isEqualTo("cat/shoe?qlt=92");
        assertThat(hq.attributes()).containsEntry("expiration", "0.5");
        assertThat(RuleSetProcessor.apply(set, "is", "cat/shoe/thumb", "10.0.0.1").request())
                .isEqualTo("cat/thumbTpl?$object=cat/shoe");
        assertThat(RuleSetProcessor.apply(set, "is", "a/b", "10.0.0.1").request()).isEqualTo("a/b");
    }

    @Test
    void aBackslashAtTheEndOfASubstitutionIsText() throws Exception {
        RuleSet set = rules("""
                <rule OnMatch="continue"><expression>a$</expression><substitution>x\\\\\\</substitution></rule>
                <rule><substitution>\\</substitution></rule>
                """);
        assertThat(RuleSetProcessor.apply(set, "is", "cat/a", "10.0.0.1").request()).isEqualTo("cat/x\\\\\\");
    }

    @Test
    void replaceAllErrorsRequestTypesHeadersAndAddressFilters() throws Exception {
        RuleSet set = rules("""
                <rule OnMatch="continue" Replace="all"><expression>z</expression><substitution>b</substitution>
                  <header Name="X-Tag" Action="add">one</header></rule>
                <rule OnMatch="continue" RequestType="static"><expression>.</expression><substitution>zzz</substitution></rule>
                <rule OnMatch="continue"><expression>(?i)[?&amp;]op_blur=</expression><addressfilter>10.0.0.0/8</addressfilter></rule>
                <rule OnMatch="error" Name="no sharpen"><expression>op_sharpen</expression></rule>
                """);
        var out = RuleSetProcessor.apply(set, "is", "zzz?op_blur=1", "10.1.2.3");
        assertThat(out.request()).isEqualTo("bbb?op_blur=1");
        assertThat(out.headers()).extracting(RuleSet.Header::name).containsExactly("X-Tag");
        assertThat(out.addressFilterApplied()).isTrue();
        assertThatThrownBy(() -> RuleSetProcessor.apply(set, "is", "x?op_blur=1", "192.168.0.1"))
                .isInstanceOf(RequestException.class).hasMessageContaining("request refused");
        assertThatThrownBy(() -> RuleSetProcessor.apply(set, "is", "x?op_sharpen=1", "10.0.0.1"))
                .hasMessageContaining("no sharpen");
    }

    @Test
    void nonConformingFilesDoNotLoad() {
        assertThatThrownBy(() -> rules("<rule><bogus/></rule>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> rules("<rule OnMatch=\"maybe\"/>")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> rules("<rule><expression>(</expression></rule>")).isInstanceOf(IOException.class);
        Path doctype = folder.resolve("x.xml");
        assertThatThrownBy(() -> {
            Files.writeString(doctype, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ruleset/>");
            RuleSetFile.read(doctype);
        }).isInstanceOf(IOException.class);
    }

    @Test
    void catastrophicBacktrackingIsRefusedNotHung() throws Exception {
        RuleSet set = rules("<rule><expression>(.*a){12}b</expression><substitution>x</substitution></rule>");
        assertThatThrownBy(() -> RuleSetProcessor.apply(set, "is", "a".repeat(40) + "c", "10.0.0.1"))
                .isInstanceOf(RequestException.class).hasMessageContaining("took too long");
    }

    @Test
    void addressFiltersAreCidr() {
        AddressFilter filter = AddressFilter.parse("192.168.12.0/23, 10.1.1.1");
        assertThat(filter.allows("192.168.13.200")).isTrue();
        assertThat(filter.allows("192.168.14.1")).isFalse();
        assertThat(filter.allows("10.1.1.1")).isTrue();
        assertThat(filter.allows("10.1.1.2")).isFalse();
        assertThat(AddressFilter.parse("0.0.0.0/0").allows("8.8.8.8")).isTrue();
        assertThat(AddressFilter.parse("").allows("8.8.8.8")).isTrue();
    }

    @Test
    void aSubstitutionNamingAGroupTheExpressionLacksRefusesTheRuleSet() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rules(
                "<rule><expression>shop/(\\w+)</expression><substitution>$1/$2</substitution></rule>"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("group $2").hasMessageContaining("1 group");
    }

    @Test
    void withoutAnExpressionTheSubstitutionIsAppendedAsWritten() throws Exception {
        RuleSet set = rules("<rule><substitution>?$x=\\$1&amp;v=$\u0663$2</substitution></rule>");
        assertThat(RuleSetProcessor.apply(set, "is", "a/b", "10.0.0.1").request()).isEqualTo("a/b?$x=$1&v=$\u0663$2");
    }
}
