package org.imageserving.ps.image;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.imaging.source.s3.ObjectPin;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.common.wire.FrameTooLargeException;
import org.imageserving.common.wire.FrameType;
import org.imageserving.ps.http.RequestException;

/** Has the Image Server render one {@link RenderRequest}; an ERROR frame becomes a {@link RequestException}. */
public final class ImageServerClient {
    /** Receives each reply's {@code timing.*} headers (the Image Server's phase times) and the round trip in ns. */
    public interface Timings {
        void reply(Map<String, String> timings, long roundTripNanos);
    }

    private final FrameClient frames;
    private final Timings timings;
    private final long maxBodyBytes;
    private final ImageServerSlots slots;
    private final ImageServerSlots lookups;

    public ImageServerClient(FrameClient frames) {
        this(frames, (t, n) -> { });
    }

    public ImageServerClient(FrameClient frames, Timings timings) {
        this(frames, timings, Long.MAX_VALUE);
    }

    public ImageServerClient(FrameClient frames, Timings timings, long maxBodyBytes) {
        this(frames, timings, maxBodyBytes, ImageServerSlots.unbounded());
    }

    /**
     * @param maxBodyBytes the most source bytes one request may send along (nested results and foreign images of all
     *                     layers together): the Image Server refuses a larger frame by closing the connection
     */
    public ImageServerClient(FrameClient frames, Timings timings, long maxBodyBytes, ImageServerSlots slots) {
        this.frames = frames;
        this.timings = timings;
        this.maxBodyBytes = maxBodyBytes;
        this.slots = slots;
        this.lookups = new ImageServerSlots(slots.max(), slots.maxWait());
    }

    /** {@code PS::isConnection.maxRequests} for renders, and how many are in use. */
    public ImageServerSlots slots() {
        return slots;
    }

    /**
     * As many again for requests the Image Server answers from a header ({@code req=imageprops}, {@code validate}):
     * it never queues them behind renders, so neither does ps.
     */
    public ImageServerSlots lookupSlots() {
        return lookups;
    }

    /** The most source bytes one render request may carry (see the constructor). */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Refuses, as the client's usage error, sources sent along that add up to more than {@link #maxBodyBytes}:
     * called as each is added, so that ps never holds more than one source beyond the limit.
     */
    public void checkBodyBytes(long total) {
        if (total > maxBodyBytes) {
            throw new RequestException(403, String.format("the sources sent along with the request (nested results and "
                    + "foreign images of all layers) add up to more than the %d bytes the Image Server accepts "
                    + "(the larger of IS::MaxMessageSize and PS::foreignSource.maxSize)", maxBodyBytes));
        }
    }

    public FrameClient frames() {
        return frames;
    }

    public RenderedImage render(RenderRequest request) {
        return reply(new Frame(FrameType.RENDER, request.toHeaders(), null));
    }

    /** Renders with layer 0's object in a bucket pinned to the version {@code pin} ({@link ObjectPin}). */
    public RenderedImage render(RenderRequest request, ObjectPin pin) {
        Map<String, String> headers = new LinkedHashMap<>(request.toHeaders());
        headers.put(ObjectPin.HEADER, pin.header());
        return reply(new Frame(FrameType.RENDER, headers, null));
    }

    /** Renders with layer 0's source sent along as bytes (a nested request's result, a foreign image). */
    public RenderedImage render(RenderRequest request, byte[] source) {
        Map<String, String> headers = new LinkedHashMap<>(request.toHeaders());
        headers.put(RenderRequest.SOURCE_HEADER, RenderRequest.SOURCE_IN_BODY);
        return reply(new Frame(FrameType.RENDER, headers, source));
    }

    /**
     * Renders with the sources of several layers sent along as bytes, one after the other in the frame body; a
     * {@code @source:n} header says where layer n's are ({@code offset,length}).
     */
    public RenderedImage render(RenderRequest request, Map<Integer, byte[]> sources) {
        Map<String, String> headers = new LinkedHashMap<>(request.toHeaders());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        sources.forEach((number, bytes) -> {
            headers.put(RenderRequest.SOURCE_HEADER + ":" + number, body.size() + "," + bytes.length);
            body.writeBytes(bytes);
        });
        return reply(new Frame(FrameType.RENDER, headers, body.toByteArray()));
    }

    private RenderedImage reply(Frame render) {
        return (readsHeaderOnly(render.header("req")) ? lookups : slots).call(() -> exchange(render));
    }

    private static boolean readsHeaderOnly(String req) {
        if (req == null) {
            return false;
        }
        String type = req.split(",", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return type.equals("imageprops") || type.equals("validate");
    }

    private RenderedImage exchange(Frame render) {
        long start = System.nanoTime();
        Frame reply;
        try {
            // the Image Server neither queues nor renders a request past the time this exchange stops waiting
            Map<String, String> headers = new LinkedHashMap<>(render.headers());
            headers.put(RenderRequest.DEADLINE_HEADER,
                    Long.toString(System.currentTimeMillis() + frames.readTimeout().toMillis()));
            reply = frames.exchange(new Frame(render.type(), headers, render.body()));
        } catch (FrameTooLargeException e) {
            // thousands of commands, variables or layers: the client's request, not the Image Server, is at fault
            throw new RequestException(403, "the request is too large to render: " + e.getMessage()
                    + " (one per command and variable)");
        }
        if (reply.type() == FrameType.IMAGE) {
            Map<String, String> properties = new LinkedHashMap<>(reply.headers());
            // Measurements, not properties of the image: they must not reach the cache entry or the client.
            Map<String, String> measured = new HashMap<>();
            properties.forEach((name, value) -> {
                if (name.startsWith("timing.")) {
                    measured.put(name, value);
                }
            });
            properties.keySet().removeAll(measured.keySet());
            timings.reply(measured, System.nanoTime() - start);
            String contentType = properties.remove("contentType");
            return new RenderedImage(contentType == null ? "image/jpeg" : contentType, reply.body(), properties);
        }
        throw new RequestException(status(reply.header("status")), reply.header("message"),
                reply.header(Frame.ERROR_TRACE), Frame.UNREADABLE_SOURCE.equals(reply.header(Frame.ERROR_REASON)));
    }

    private static int status(String status) {
        try {
            int code = Integer.parseInt(status);
            return code >= 400 && code <= 599 ? code : 500;
        } catch (NumberFormatException e) {
            return 500;
        }
    }
}
