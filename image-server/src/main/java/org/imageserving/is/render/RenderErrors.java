package org.imageserving.is.render;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.wire.Frame;

/**
 * The ERROR frame of a failed render: status and message, the reason when the Platform Server acts on it (an
 * unreadable source may be redirected), and the stack trace, which ps shows only at {@code attribute::ErrorDetail=3}.
 */
final class RenderErrors {
    /** A trace is for a developer's eyes: its top frames tell where; the rest is capped to keep frames small. */
    private static final int MAX_TRACE_CHARS = 8192;

    private RenderErrors() {}

    static Frame frame(RenderException e) {
        Map<String, String> details = new LinkedHashMap<>();
        if (e.unreadableSource()) {
            details.put(Frame.ERROR_REASON, Frame.UNREADABLE_SOURCE);
        }
        details.put(Frame.ERROR_TRACE, trace(e));
        return Frame.error(e.status(), e.getMessage() == null ? "" : e.getMessage(), details);
    }

    static String trace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        return text.length() <= MAX_TRACE_CHARS ? text : text.substring(0, MAX_TRACE_CHARS) + "\n\t...";
    }
}
