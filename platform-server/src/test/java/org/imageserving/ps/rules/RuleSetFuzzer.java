package org.imageserving.ps.rules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the rule-set parser and processor: half the inputs are rule sets built from
 * the documented elements and attributes with fuzzed values (so the fuzzer reaches the regular expressions,
 * substitutions and address filters), half raw bytes for the XML parser. Runs {@code -Dfuzz.duration} (5 s by
 * default) in the build; a finding is kept under {@code target/fuzz-findings/ruleset/}.
 */
class RuleSetFuzzer {
    private static final List<String> ON_MATCH = List.of("break", "continue", "error", "", "Break");
    private static final List<String> REPLACE = List.of("first", "all", "", "none");
    private static final List<String> TYPES = List.of("is", "ir", "static", "is,ir", "IS , static", "", ",");
    private static final List<String> OVERRIDES = List.of("Expiration", "MaxPix", "Watermark", "RequestLock",
            "RequestObfuscation", "DefaultImageMode", "ErrorImage", "RootUrl", "SavePath", "Bogus");

    @BeforeAll
    static void warmUp() {
        RuleSetTarget.warmUp();
    }

    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({"<ruleset>", "</ruleset>", "<rule>", "</rule>", "<expression>", "<substitution>",
            "<addressfilter>", "<header Name=\"x\">", "OnMatch=\"", "<!DOCTYPE", "<!ENTITY", "&amp;", "$1", "\\",
            "(?", "[^", "{9999}", "*+", "127.0.0.0/8", "::1/128"})
    void ruleSet(FuzzedDataProvider data) {
        byte[] xml = data.consumeBoolean() ? data.consumeRemainingAsBytes() : built(data);
        RuleSetTarget.check(xml);
    }

    static byte[] built(FuzzedDataProvider data) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ruleset>\n");
        int rules = data.consumeInt(0, 4);
        for (int r = 0; r < rules; r++) {
            xml.append("<rule");
            attribute(xml, data, "OnMatch", ON_MATCH);
            attribute(xml, data, "Replace", REPLACE);
            attribute(xml, data, "RequestType", TYPES);
            if (data.consumeBoolean()) {
                xml.append(' ').append(data.pickValue(OVERRIDES)).append("=\"").append(escaped(data, 20)).append('"');
            }
            xml.append(">\n");
            int children = data.consumeInt(0, 4);
            for (int c = 0; c < children; c++) {
                switch (data.consumeInt(0, 3)) {
                    case 0 -> xml.append("<expression>").append(escaped(data, 40)).append("</expression>\n");
                    case 1 -> xml.append("<substitution>").append(escaped(data, 40)).append("</substitution>\n");
                    case 2 -> xml.append("<addressfilter>").append(escaped(data, 40)).append("</addressfilter>\n");
                    default -> xml.append("<header Name=\"").append(escaped(data, 10)).append("\" Action=\"")
                            .append(data.pickValue(List.of("set", "add", "drop"))).append("\">")
                            .append(escaped(data, 20)).append("</header>\n");
                }
            }
            xml.append("</rule>\n");
        }
        return xml.append("</ruleset>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void attribute(StringBuilder xml, FuzzedDataProvider data, String name, List<String> values) {
        if (data.consumeBoolean()) {
            xml.append(' ').append(name).append("=\"").append(data.pickValue(values)).append('"');
        }
    }

    private static String escaped(FuzzedDataProvider data, int maxLength) {
        return data.consumeString(maxLength).replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
