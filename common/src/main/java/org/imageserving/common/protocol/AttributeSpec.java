package org.imageserving.common.protocol;

import java.util.Locale;
import java.util.Set;

/**
 * One documented catalog attribute ("Catalog attributes" pages, {@code attribute::Name}).
 *
 * @param name       the documented spelling
 * @param actor      {@link Actor#IS} attributes travel to the Image Server as {@code attribute::name} commands and are
 *                   part of the response-cache key; {@link Actor#PS} ones the Platform Server reads itself
 * @param support    how far it is implemented
 * @param harmless   for an attribute not (fully) supported yet: the values that ask for nothing the server does not
 *                   do (the empty value, or the behaviour it has anyway, such as {@code sRGB} output); any other value
 *                   makes image requests of that catalog fail with an error naming the attribute, never a silent
 *                   omission. Empty: every value is honoured
 * @param note       what is missing or decided, in a few words
 */
public record AttributeSpec(String name, Actor actor, Support support, Set<String> harmless, String note) {

    public String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The name under which it travels to the Image Server: {@code attribute::maxpix}. */
    public String commandName() {
        return Commands.ATTRIBUTE_PREFIX + key();
    }

    /** Whether a catalog that sets this attribute to {@code value} can serve images as the documentation says. */
    public boolean honours(String value) {
        return harmless.isEmpty() || value == null || harmless.contains(value.strip().toLowerCase(Locale.ROOT));
    }
}
