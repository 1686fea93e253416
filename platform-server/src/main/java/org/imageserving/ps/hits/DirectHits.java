package org.imageserving.ps.hits;

import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.ProtocolHandler;
import org.imageserving.ps.http.ImageServingAccessLog;
import org.imageserving.ps.image.ImageRequestProcessor;
import org.imageserving.ps.metrics.PsMetrics;
import org.imageserving.ps.reply.ReplyWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link CacheHitAdapter} in front of Catalina's adapter on every connector it supports, when
 * {@code PS::cache.directHits} (our name; default true) is on. Call it after Tomcat's {@code init()} (which makes
 * Catalina's adapter) and before its {@code start()}: each connection's processor keeps the adapter it was made with.
 */
public final class DirectHits {
    /** {@code PS::cache.directHits}: false answers every hit through Catalina and the servlet, as before. */
    public static final String SETTING = "cache.directHits";
    private static final Logger LOG = LoggerFactory.getLogger(DirectHits.class);

    private DirectHits() {}

    public static void install(Tomcat tomcat, Context context, ImageRequestProcessor processor, ReplyWriter writer,
                               PsMetrics metrics, ImageServingAccessLog accessLog) {
        CoyoteReplies replies = new CoyoteReplies(writer);
        for (Connector connector : tomcat.getService().findConnectors()) {
            ProtocolHandler protocol = connector.getProtocolHandler();
            if (protocol.getAdapter() == null) {
                throw new IllegalStateException("the connector on port " + connector.getPort() + " is not initialised");
            }
            if (!CacheHitAdapter.supports(connector)) {
                LOG.info("cache hits on port {} go through the servlet: its connector is not HTTP/1.1 or has"
                        + " compression, xpoweredBy or an upgrade protocol", connector.getPort());
                continue;
            }
            protocol.setAdapter(new CacheHitAdapter(protocol.getAdapter(), connector, context, processor, replies,
                    metrics, accessLog));
        }
    }
}
