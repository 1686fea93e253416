package org.imageserving.is.request;

import java.util.Map;
import org.imageserving.common.protocol.AttributeSpec;
import org.imageserving.common.protocol.CatalogAttributes;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.protocol.ProtocolException;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;

/**
 * Holds a render request to the protocol model before anything is parsed: every name must be a command the Image
 * Server acts on ({@link Commands}, forwarded and accepted), a rendering attribute ({@link CatalogAttributes}) or a
 * variable; anything else is refused, so a name the Platform Server should not have sent never renders silently or
 * splits the cache.
 */
public final class CommandCheck {
    private CommandCheck() {}

    public static void check(RenderRequest request) {
        for (Layer layer : request.layers()) {
            layer.commands().forEach(CommandCheck::checkCommand);
            if (layer.number() > 0) {
                layer.commands().forEach((name, value) -> checkLayerCommand(layer.number(), name, value));
            }
        }
        request.global().forEach(CommandCheck::checkCommand);
        for (String name : new String[] {"perspective", "perspectiven"}) {
            String value = request.command(name);
            if (value != null) {
                throw Values.usage(name.equals("perspective") ? "perspective" : "perspectiveN", value,
                        "applies to the layers above layer 0, which defines the canvas");
            }
        }
    }

    /** Above layer 0, only commands of layer and source scope mean anything ("Layering overview"). */
    private static void checkLayerCommand(int number, String name, String value) {
        boolean perLayer = name.startsWith(EffectCommands.PREFIX)
                || Commands.find(name).map(spec -> spec.scope().perLayer()).orElse(false);
        if (!perLayer) {
            throw Values.usage(name, value, "applies to the whole request, not to layer " + number);
        }
    }

    private static void checkCommand(String name, String value) {
        if (name.startsWith(Commands.VARIABLE_PREFIX) || name.equals(RenderRequest.WATERMARK)
                || name.equals(RenderRequest.FONTS)) {
            return;
        }
        if (name.startsWith(EffectCommands.PREFIX)) {
            String command = EffectCommands.commandOf(name)
                    .orElseThrow(() -> Values.usage(name, value, "not an effect layer's command"));
            if (!Commands.EFFECT_COMMANDS.contains(command)) {
                throw Values.usage(command, value, "effect layers take only " + Commands.EFFECT_COMMANDS);
            }
            checkDocumented(command, value);
            return;
        }
        checkDocumented(name, value);
    }

    private static void checkDocumented(String name, String value) {
        if (name.startsWith(Commands.ATTRIBUTE_PREFIX)) {
            String attribute = name.substring(Commands.ATTRIBUTE_PREFIX.length());
            boolean rendering = CatalogAttributes.find(attribute).map(AttributeSpec::actor)
                    .filter(actor -> actor.forwarded()).isPresent();
            if (!rendering) {
                throw Values.usage(name, value, "not a catalog attribute the Image Server acts on");
            }
            return;
        }
        CommandSpec spec;
        try {
            spec = Commands.accept(name, value);
        } catch (ProtocolException e) {
            throw RenderException.badRequest(e.getMessage());
        }
        if (!spec.actor().forwarded() || !spec.cacheKey()) {
            throw Values.usage(spec.name(), value, "this command is answered by the Platform Server, not the Image Server");
        }
    }

}
