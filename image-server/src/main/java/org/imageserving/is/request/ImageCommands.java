package org.imageserving.is.request;

import java.util.Map;
import org.imageserving.common.render.RenderRequest;

/**
 * Every image command of a {@link RenderRequest}, typed and validated once, up front: an unknown or unsupported
 * command ({@link CommandCheck}) or a malformed value is a usage error (403 naming the command) before any file is
 * touched.
 */
public record ImageCommands(RequestType req, LayerCommands layer, LayerStyle style, ViewCommands view,
                            FilterCommands filters, OutputCommands output, ResMode resMode, Attributes attributes,
                            boolean effectMask) {

    public static ImageCommands parse(RenderRequest request) {
        CommandCheck.check(request);
        Map<String, String> c = request.commands();
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
        return new ImageCommands(req, LayerCommands.parse(c), LayerStyle.parse(c), view, FilterCommands.parse(c),
                OutputCommands.parse(c, attributes), resMode, attributes,
                !c.containsKey("effectmask") || Values.flag("effectMask", c.get("effectmask"), c.get("effectmask")));
    }
}
