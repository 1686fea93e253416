package org.imageserving.tools.playlog;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.imageserving.common.health.Version;
import org.imageserving.tools.playlog.LogRequestExtractor.LoggedRequest;

/**
 * Sends replayed requests at no more than {@code rate} per second and with at most {@code concurrency} in flight,
 * so warming a cache never turns into a load test of the server being warmed. Bodies are read and dropped: only the
 * server's work of producing them matters.
 */
final class Replayer {
    private static final int MAX_ERRORS_SHOWN = 10;

    enum MethodChoice { GET, POST, HEAD, SMART }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String prefix;
    private final MethodChoice methodChoice;
    private final int concurrency;
    private final Semaphore inFlight;
    private final boolean verbose;
    private final PrintStream out;
    private final PrintStream err;
    private final ReplaySummary summary;
    private final RatePacer pacer;
    private final AtomicInteger errorsShown = new AtomicInteger();

    Replayer(String prefix, MethodChoice methodChoice, double rate, int concurrency, boolean verbose, PrintStream out,
            PrintStream err, ReplaySummary summary, LongSupplier nanoClock) {
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        this.methodChoice = methodChoice;
        this.concurrency = concurrency;
        this.inFlight = new Semaphore(concurrency);
        this.verbose = verbose;
        this.out = out;
        this.err = err;
        this.summary = summary;
        this.pacer = new RatePacer(rate, nanoClock, RatePacer.THREAD_SLEEP);
    }

    /** The URL a logged request is replayed to: prefix + request + suffix, without doubling the prefix's path. */
    static String url(String prefix, String pathAndQuery, String suffix) {
        URI root = URI.create(prefix);
        String rootPath = root.getRawPath() == null ? "" : root.getRawPath();
        String base = prefix;
        if (!rootPath.isEmpty() && (pathAndQuery.equals(rootPath) || pathAndQuery.startsWith(rootPath + "/")
                || pathAndQuery.startsWith(rootPath + "?"))) {
            base = prefix.substring(0, prefix.length() - rootPath.length());
        }
        String url = base + pathAndQuery;
        if (!suffix.isEmpty()) {
            url += (pathAndQuery.contains("?") ? "&" : "?") + suffix;
        }
        return url;
    }

    /** Queues one request, waiting first for its time slot and a free connection. */
    void replay(LoggedRequest logged) throws InterruptedException {
        String url = url(prefix, logged.pathAndQuery(), logged.suffix());
        HttpRequest request;
        try {
            request = build(url, logged.method());
        } catch (IllegalArgumentException e) {
            summary.skipped();
            report("not a valid URL, skipped: " + url);
            return;
        }
        pacer.awaitSlot();
        inFlight.acquire();
        if (verbose) {
            out.println(request.method() + " " + url);
        }
        summary.sent();
        CompletableFuture<HttpResponse<Void>> response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        response.whenComplete((answer, failure) -> {
            try {
                if (failure != null) {
                    summary.failed();
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    report(url + ": " + cause);
                } else {
                    summary.answered(answer.statusCode());
                }
            } finally {
                inFlight.release();
            }
        });
    }

    /** Waits until every request sent has been answered or has failed. */
    void finish() throws InterruptedException {
        inFlight.acquire(concurrency);
        inFlight.release(concurrency);
    }

    private HttpRequest build(String url, String loggedMethod) {
        String method = switch (methodChoice) {
            case GET -> "GET";
            case POST -> "POST";
            case HEAD -> "HEAD";
            case SMART -> loggedMethod.equals("HEAD") || loggedMethod.equals("POST") ? loggedMethod : "GET";
        };
        URI uri = URI.create(url);
        HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(Duration.ofSeconds(60))
                .header("User-Agent", "ImageServing-playlog/" + Version.current());
        if (method.equals("POST")) {
            // the server treats a form POST as a GET whose query is the body: move the query there
            String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            String withoutQuery = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            return builder.uri(URI.create(withoutQuery)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(query)).build();
        }
        return builder.uri(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private void report(String message) {
        int shown = errorsShown.incrementAndGet();
        if (shown <= MAX_ERRORS_SHOWN) {
            err.println("playlog: " + message);
        } else if (shown == MAX_ERRORS_SHOWN + 1) {
            err.println("playlog: (further errors are only counted)");
        }
    }
}
