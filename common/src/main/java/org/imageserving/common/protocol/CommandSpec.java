package org.imageserving.common.protocol;

import java.util.Locale;
import java.util.Objects;

/**
 * One documented command of the Image Serving protocol: what the support matrix, both servers and the contract tests
 * read about it.
 *
 * @param name     the documented spelling ({@code op_usmR}); matching is case-insensitive ({@link #key()})
 * @param scope    where it applies
 * @param actor    who acts on it; {@link Actor#forwarded() forwarded} commands are part of the response-cache key
 * @param support  how far it is implemented
 * @param syntax   its value, in the documentation's notation, e.g. {@code int > 0}
 * @param example  a valid value, used by the contract tests (every supported command must accept it)
 * @param note     what is missing or decided, in a few words (the support matrix's last column)
 */
public record CommandSpec(String name, Scope scope, Actor actor, Support support, String syntax, String example,
                          String note) {

    public CommandSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(support, "support");
    }

    /** The lower-case name under which commands travel and are looked up. */
    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Whether the Image Server gets this command and the response-cache key holds it. */
    public boolean cacheKey() {
        return actor.forwarded() && support.accepted() && support != Support.IGNORED;
    }

    /** The public documentation page that describes the command (its page title is the command's name). */
    public String page() {
        return name;
    }
}
