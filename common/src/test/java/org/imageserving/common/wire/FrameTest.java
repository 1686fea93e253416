package org.imageserving.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void headersAreSortedAndCopied() {
        Map<String, String> headers = new HashMap<>();
        headers.put("zeta", "1");
        headers.put("alpha", "2");
        headers.put("mid", "3");
        Frame frame = Frame.of(FrameType.RENDER, headers);
        headers.put("added", "later");
        assertThat(frame.headers().keySet()).containsExactly("alpha", "mid", "zeta");
        assertThat(frame.header("mid")).isEqualTo("3");
        assertThat(frame.header("absent")).isNull();
    }

    @Test
    void headersAreUnmodifiable() {
        Frame frame = Frame.of(FrameType.RENDER, Map.of("a", "1"));
        assertThatThrownBy(() -> frame.headers().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNullBodyIsEmpty() {
        assertThat(new Frame(FrameType.IMAGE, Map.of(), null).body()).isEmpty();
        assertThat(Frame.of(FrameType.PING, Map.of()).body()).isEmpty();
    }

    @Test
    void errorCarriesStatusAndMessage() {
        Frame error = Frame.error(503, "busy");
        assertThat(error.type()).isEqualTo(FrameType.ERROR);
        assertThat(error.headers()).containsOnly(Map.entry("status", "503"), Map.entry("message", "busy"));
    }
}
