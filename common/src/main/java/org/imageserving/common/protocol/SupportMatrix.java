package org.imageserving.common.protocol;

import java.util.Locale;

/**
 * The protocol support matrix of {@code docs/protocol-support.md}, written from the protocol model so that the two
 * cannot disagree (a test compares them; {@code -Dprotocol.matrix.write=true} rewrites the file's generated part).
 */
public final class SupportMatrix {
    public static final String BEGIN = "<!-- BEGIN GENERATED: protocol model (SupportMatrix); edit Commands.java, not this table -->";
    public static final String END = "<!-- END GENERATED -->";

    private SupportMatrix() {}

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append(BEGIN).append("\n\n### Commands\n\n");
        out.append("| Command | Scope | Acts | State | Value | Notes |\n|---|---|---|---|---|---|\n");
        for (CommandSpec c : Commands.all()) {
            out.append("| `").append(c.name()).append("` | ").append(lower(c.scope())).append(" | ")
               .append(lower(c.actor())).append(" | ").append(c.support().label()).append(" | ")
               .append(cell(c.syntax())).append(" | ").append(cell(c.note())).append(" |\n");
        }
        out.append("\n### Request types (`req=`)\n\n");
        out.append("| Type | Answered by | State | Notes |\n|---|---|---|---|\n");
        for (RequestKind k : RequestKind.values()) {
            out.append("| `").append(k.documentedName()).append("` | ").append(lower(k.actor())).append(" | ")
               .append(k.support().label()).append(" | ").append(cell(k.note())).append(" |\n");
        }
        out.append("\n### Catalog attributes\n\n");
        out.append("| Attribute | Read by | State | Notes |\n|---|---|---|---|\n");
        for (AttributeSpec a : CatalogAttributes.all()) {
            out.append("| `").append(a.name()).append("` | ").append(lower(a.actor())).append(" | ")
               .append(a.support().label()).append(" | ").append(cell(a.note())).append(" |\n");
        }
        out.append('\n').append(END).append('\n');
        return out.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
