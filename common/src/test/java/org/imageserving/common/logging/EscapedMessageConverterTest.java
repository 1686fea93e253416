package org.imageserving.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EscapedMessageConverterTest {
    @Test
    void controlCharactersBecomeEscapesAndTheRestStays() {
        assertThat(EscapedMessageConverter.escape("GET /is/image/a\r\nFAKE 200\u001b[31m\tx\u0085é€"))
                .isEqualTo("GET /is/image/a\\r\\nFAKE 200\\u001b[31m\\tx\\u0085é€");
        assertThat(EscapedMessageConverter.escape("plain")).isSameAs("plain");
    }

    /** The shipped configuration: a message with CR LF ESC is one line in the log, with escapes. */
    @Test
    void theShippedPatternWritesOneLinePerEvent() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        String shipped = ((PatternLayoutEncoder) ((OutputStreamAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("STDOUT")).getEncoder()).getPattern();
        assertThat(shipped).contains("%escapedMsg");
        encoder.setPattern(shipped);
        encoder.start();
        OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(bytes);
        appender.start();
        Logger logger = context.getLogger("escape-test");
        logger.setAdditive(false);
        logger.addAppender(appender);
        logger.warn("no such object: {}", "a\r\n2026-01-01 00:00:00.000 INFO forged\u001b]0;owned\u0007");
        appender.stop();
        String written = bytes.toString(StandardCharsets.UTF_8);
        assertThat(written.lines()).hasSize(1);
        assertThat(written).contains("a\\r\\n2026-01-01").contains("\\u001b]0;owned\\u0007").doesNotContain("\u001b");
    }
}
