package org.imageserving.ps.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.imageserving.ps.http.RequestException;
import org.imageserving.testkit.FuzzCase;

/**
 * The rule-set fuzz target: a rule set file is read as the catalog reads it and applied to a few requests in every
 * context. Documented outcomes: the file is refused with an {@link IOException} (the catalog then does not load), or
 * a request is refused with a 4xx {@link RequestException}; nothing else, and within {@link #LIMIT}.
 */
final class RuleSetTarget {
    static final String NAME = "ruleset";
    static final Duration LIMIT = Duration.ofSeconds(20);
    static final List<String> REQUESTS = List.of("", "shop/land?wid=100&hei=100", "a/b/c.jpg?$small$&fmt=png",
            "x?req=props&src=is{a?wid=1}", "%2e%2e/secret?q=%00", "é/ü?$object=cat/$1", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!");
    static final List<String> CONTEXTS = List.of("is", "ir", "static");

    private RuleSetTarget() {}

    /** One case without the time bound: the first one loads (and under the fuzzer instruments) every class. */
    static void warmUp() {
        check("<ruleset><rule><expression>a</expression><substitution>b</substitution></rule></ruleset>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8), FuzzCase.WARM_UP);
    }

    static void check(byte[] xml) {
        check(xml, LIMIT);
    }

    private static void check(byte[] xml, Duration limit) {
        FuzzCase.run(NAME, xml, "xml", limit, RuleSetTarget::documented, () -> {
            RuleSet ruleSet = RuleSetFile.read(new ByteArrayInputStream(xml));
            for (String context : CONTEXTS) {
                for (String request : REQUESTS) {
                    try {
                        RuleSetProcessor.apply(ruleSet, context, request, "127.0.0.1");
                        RuleSetProcessor.apply(ruleSet, context, request, "2001:db8::1");
                    } catch (RequestException e) {
                        if (e.status() < 400 || e.status() > 499) {
                            throw e;
                        }
                    }
                }
            }
        });
    }

    private static boolean documented(Throwable thrown) {
        return thrown instanceof IOException;
    }
}
