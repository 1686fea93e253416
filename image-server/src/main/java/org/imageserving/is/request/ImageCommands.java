package org.imageserving.is.request;

import java.util.Map;
import java.util.Set;
import org.imageserving.common.render.RenderRequest;

/**
 * Every image command of a {@link RenderRequest}, typed and validated once, up front: a malformed or unsupported
 * value is a usage error (403 naming the command) before any file is touched.
 */
public record ImageCommands(RequestType req, LayerCommands layer, ViewCommands view, FilterCommands filters,
                            OutputCommands output, ResMode resMode, Attributes attributes) {

    /**
     * Documented commands of Tier 2/3 that would change the image: refused rather than silently ignored. {@code anchor}
     * is not among them: it only places a layer in a composite, and a catalog record's Anchor field reaches every
     * request for that record.
     */
    private static final Set<String> NOT_YET = Set.of("layer", "src", "mask", "maskuse", "origin",
            "originn", "pos", "posn", "res", "perspective", "perspectiven", "hide", "color", "bgcolor", "opac",
            "blendmode", "clippath", "clipxpath", "clippathe", "clipxpathe", "croppathe", "effect", "op_colorbalance",
            "op_colorize", "colorize", "op_noise", "op_grow", "op_growmask", "op_growmaskr", "text", "textps",
            "template", "icc", "jpegsize", "dpr", "textattr", "textpath", "textflowpath", "textflowxpath", "textangle");

    public static ImageCommands parse(RenderRequest request) {
        Map<String, String> c = request.commands();
        for (String name : c.keySet()) {
            if (NOT_YET.contains(name)) {
                throw Values.usage(name, c.get(name), "this command is not supported yet");
            }
        }
        RequestType req = RequestType.parse(c.get("req"));
        Attributes attributes = Attributes.parse(c);
        ViewCommands view = ViewCommands.parse(c);
        if (view.fit().isPresent()) {
            if (req.kind() == RequestType.Kind.TMB) {
                throw Values.usage("fit", c.get("fit"), "fit= cannot be used with req=tmb");
            }
            if (view.wid().isEmpty() && view.hei().isEmpty() && view.scl().isEmpty()) {
                throw Values.usage("fit", c.get("fit"), "fit= needs wid= or hei=");
            }
        }
        ResMode resMode = c.containsKey("resmode") ? ResMode.parse("resMode", c.get("resmode")) : attributes.resMode();
        return new ImageCommands(req, LayerCommands.parse(c), view, FilterCommands.parse(c),
                OutputCommands.parse(c, attributes), resMode, attributes);
    }
}
