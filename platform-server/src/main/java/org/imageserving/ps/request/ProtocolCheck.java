package org.imageserving.ps.request;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.protocol.AttributeSpec;
import org.imageserving.common.protocol.CatalogAttributes;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.protocol.ProtocolException;
import org.imageserving.common.protocol.RequestKind;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.http.RequestException;

/**
 * The Platform Server's side of the protocol model ({@link Commands}, {@link RequestKind}, {@link CatalogAttributes}):
 * which assembled commands a request may carry, which of them the Image Server gets, and whether a catalog asks for
 * something the servers do not do yet. Every refusal is a 403 that names the command or attribute.
 */
public final class ProtocolCheck {
    private ProtocolCheck() {}

    /**
     * Refuses, in an image request, an unknown command, a name reserved for the servers ({@code attribute::…}), a
     * command not supported yet and one that only {@code /is/content} reads, whether the URL, a macro or the catalog's
     * Modifier brought it. {@code $name} variables pass.
     */
    public static void acceptCommands(Map<String, String> assembled) {
        assembled.forEach((key, value) -> {
            if (key.startsWith(Commands.VARIABLE_PREFIX)) {
                return;
            }
            String name = LayerSegments.commandName(key);
            if (name.isEmpty()) {
                return; // a layer's mark (LayerSegments.markSelected), not a command
            }
            try {
                Commands.accept(name, value);
            } catch (ProtocolException e) {
                throw new RequestException(403, e.getMessage());
            }
            if (Commands.CONTENT_ONLY.contains(name)) {
                throw new RequestException(403, name + "=" + value + ": this command applies to /is/content");
            }
        });
    }

    /** The request type of a {@code req=} value (null: {@code img}); unknown and not-yet types are a 403. */
    public static RequestKind requestKind(String reqValue) {
        try {
            return RequestKind.of(reqValue);
        } catch (ProtocolException e) {
            throw new RequestException(403, e.getMessage());
        }
    }

    /**
     * What the Image Server gets of a request's commands: the ones it acts on, {@code req=} when it answers the type
     * (not for {@code img}, the default, so that both spellings share a cache entry) and the variables.
     */
    public static Map<String, String> forImageServer(Map<String, String> commands) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        commands.forEach((name, value) -> {
            if (name.startsWith(Commands.VARIABLE_PREFIX)) {
                forwarded.put(name, value);
                return;
            }
            if (name.equals("req")) {
                RequestKind kind = requestKind(value);
                if (kind != RequestKind.IMG && kind.actor().forwarded()) {
                    forwarded.put(name, value);
                }
                return;
            }
            if (name.startsWith(LayerSegments.EFFECT_PREFIX)) {
                // an effect's own commands; the others of its segment are ignored, as documented
                if (!LayerSegments.ignoredInEffect(name)) {
                    forwarded.put(name, value);
                }
                return;
            }
            if (Commands.find(name).filter(CommandSpec::cacheKey).isPresent()) {
                forwarded.put(name, value);
            }
        });
        return forwarded;
    }

    /** The catalog attributes the Image Server acts on, as {@code attribute::name} commands (empty ones left out). */
    public static void addRenderAttributes(Catalog catalog, Map<String, String> imageCommands) {
        for (AttributeSpec attribute : CatalogAttributes.forwarded()) {
            String value = catalog.attribute(attribute.name());
            if (!value.isEmpty()) {
                imageCommands.put(attribute.commandName(), value);
            }
        }
    }

    /**
     * Refuses to render for a catalog that sets an attribute not supported yet to a value that would change the reply
     * (a {@code Watermark}, another output profile): serving the image without it would be silently wrong.
     */
    public static void checkCatalog(Catalog catalog) {
        for (AttributeSpec attribute : CatalogAttributes.all()) {
            String value = catalog.attribute(attribute.name());
            if (!attribute.honours(value)) {
                throw new RequestException(403, "attribute::" + attribute.name() + "=" + value.strip()
                        + " of catalog '" + catalog.rootId() + "': this attribute is not supported yet ("
                        + attribute.note() + ")");
            }
        }
    }

    /** Removes a command whatever the case of its name; the value of the last one removed, or null. */
    public static String remove(Map<String, String> commands, String name) {
        String value = null;
        for (java.util.Iterator<Map.Entry<String, String>> i = commands.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, String> entry = i.next();
            if (entry.getKey().equalsIgnoreCase(name)) {
                value = entry.getValue();
                i.remove();
            }
        }
        return value;
    }
}
