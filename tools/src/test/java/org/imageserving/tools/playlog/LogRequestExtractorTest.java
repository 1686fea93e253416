package org.imageserving.tools.playlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.imageserving.tools.playlog.LogRequestExtractor.LoggedRequest;
import org.junit.jupiter.api.Test;

class LogRequestExtractorTest {
    private static final Pattern SPACES = Pattern.compile("[ ]+");

    /** A line in our conf/server.xml pattern: %h %l %u %t "%r" %s %b %D. */
    private static final String OURS =
            "127.0.0.1 - - [27/Nov/2026:15:20:01 +0000] \"GET /is/image/samples/tower.jpg?wid=200&fmt=png HTTP/1.1\" 200 5123 12";
    /** A line in the documented default pattern, where %R is fields 15-17. */
    private static final String DOCUMENTED = "2026-11-27 15:20:01.123 +0000 10.0.0.1 200 0 5123 12 1 3 1 IMG 'samples' CREATED"
            + " HEAD /is/image/samples/landscape.jpg?wid=100 HTTP/1.1 [42] '-' host - - - - 0cc175b9c0f1b6a831c399e269772661 image/jpeg 8080";

    @Test
    void findsTheRequestLineWithoutAColumn() {
        LogRequestExtractor auto = new LogRequestExtractor(SPACES, Pattern.compile(""), null, null, null);

        assertThat(auto.extract(OURS)).contains(new LoggedRequest("GET", "/is/image/samples/tower.jpg?wid=200&fmt=png", ""));
        assertThat(auto.extract(DOCUMENTED)).contains(new LoggedRequest("HEAD", "/is/image/samples/landscape.jpg?wid=100", ""));
        assertThat(auto.extract("not a log line at all")).isEmpty();
        assertThat(auto.extract("")).isEmpty();
    }

    @Test
    void readsTheDocumentedPatternsEncodedRequestLine() {
        // What the Platform Server writes with the shipped TC::pattern: %R is one field, its spaces written as %20.
        String shipped = "2026-11-27 16:10:38.423 +0000 127.0.0.1 200 0 1682 39 0 33 1 IMG '-' CREATED "
                + "HEAD%20/is/image/samples/tiles.png?wid=50%20HTTP/1.1 [http-nio-8080-exec-2] '-' localhost:8080 - - - - "
                + "4e291fcb595b356bc66dac35c4567bfa image/jpeg 8080 - 6071dc - - - samples/tiles.png?wid=50 1";
        LoggedRequest expected = new LoggedRequest("HEAD", "/is/image/samples/tiles.png?wid=50", "");

        assertThat(new LogRequestExtractor(SPACES, Pattern.compile(""), null, null, null).extract(shipped)).contains(expected);
        assertThat(new LogRequestExtractor(SPACES, Pattern.compile(""), 15, 15, null).extract(shipped))
                .as("the documented example's -n pointing at the %R field").contains(expected);
    }

    @Test
    void documentedColumnsMarkerAndSuffixFieldReferences() {
        LogRequestExtractor columns = new LogRequestExtractor(SPACES, Pattern.compile("IMG"), 16, 15, "playlog={25}");

        assertThat(columns.extract(DOCUMENTED)).contains(new LoggedRequest("HEAD", "/is/image/samples/landscape.jpg?wid=100",
                "playlog=0cc175b9c0f1b6a831c399e269772661"));
        assertThat(columns.extract(DOCUMENTED.replace("IMG", "PROPS"))).as("marker does not match").isEmpty();

        LogRequestExtractor missingField = new LogRequestExtractor(SPACES, Pattern.compile(""), 7, null, "x={99}");
        assertThat(missingField.extract(OURS)).contains(new LoggedRequest("GET", "/is/image/samples/tower.jpg?wid=200&fmt=png", "x="));
    }

    @Test
    void urlsJoinThePrefixWithoutDoublingItsPath() {
        assertThat(Replayer.url("http://localhost:8080/is", "/is/image/a.jpg?wid=1", ""))
                .isEqualTo("http://localhost:8080/is/image/a.jpg?wid=1");
        assertThat(Replayer.url("http://localhost:8080/is", "/image/a.jpg", "playlog=1"))
                .isEqualTo("http://localhost:8080/is/image/a.jpg?playlog=1");
        assertThat(Replayer.url("http://h:1", "/is/image/a.jpg?wid=1", "playlog=1"))
                .isEqualTo("http://h:1/is/image/a.jpg?wid=1&playlog=1");
    }
}
