package org.imageserving.tools.playlog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/playlog logFile [-n col] [-s separator] [-m marker] [-p prefix] [-x suffix] [-v] [-h] [-r method]
 * [-o position] [-rate n] [-concurrency n]}: replays the requests of an access log against a running server to fill its
 * response cache. Exit codes: 0 every request answered (any status below 500), 1 errors, server errors or no request
 * found, 2 bad options.
 */
@Command(name = "playlog", sortOptions = false, usageHelpWidth = 110, separator = " ",
        description = "Replays the requests of an access log against a running server to fill its response cache.",
        customSynopsis = "playlog logFile [-n col] [-s separator] [-m marker] [-p prefix] [-x suffix] [-v] [-h] "
                + "[-r get|post|head|smart] [-o position] [-rate perSecond] [-concurrency n]")
public final class PlaylogCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "logFile", description = "Access log to replay.")
    Path logFile;
    @Option(names = "-n", paramLabel = "col", description = "1-based field holding the request (default: found in each line).")
    Integer requestColumn;
    @Option(names = "-s", paramLabel = "separator", description = "Field separator, a regular expression (default '[ ]+').")
    String separator = "[ ]+";
    @Option(names = "-m", paramLabel = "marker", description = "Only lines matching this regular expression (default 'Request:' with -n, every line without).")
    String marker;
    @Option(names = "-p", paramLabel = "prefix", description = "Root URL (default http://localhost:8080/is).")
    String prefix = "http://localhost:8080/is";
    @Option(names = "-x", paramLabel = "suffix", description = "Appended after ? or &; {n} inserts log field n (default: none).")
    String suffix;
    @Option(names = "-v", description = "Print each request URL.")
    boolean verbose;
    @Option(names = "-h", usageHelp = true, description = "Print this synopsis.")
    boolean help;
    @Option(names = "-r", paramLabel = "method", description = "get, post, head or smart (default: the logged method).")
    String method = "smart";
    @Option(names = "-o", paramLabel = "position", description = "1-based field holding the logged method (default: found with the request).")
    Integer methodColumn;
    @Option(names = "-rate", paramLabel = "perSecond", description = "Most requests per second (default 20).")
    double rate = 20;
    @Option(names = "-concurrency", paramLabel = "n", description = "Most requests in flight (default 4).")
    int concurrency = 4;

    private final PrintStream stdout;
    private final PrintStream stderr;

    PlaylogCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        CommandLine commandLine = new CommandLine(new PlaylogCommand(stdout, stderr));
        commandLine.setPosixClusteredShortOptionsAllowed(false);
        commandLine.setOut(new PrintWriter(stdout, true));
        commandLine.setErr(new PrintWriter(stderr, true));
        commandLine.setParameterExceptionHandler((e, a) -> {
            stderr.println("playlog: " + e.getMessage());
            e.getCommandLine().usage(stderr);
            return USAGE;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws InterruptedException {
        Replayer.MethodChoice choice;
        try {
            choice = Replayer.MethodChoice.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return usage("-r must be get, post, head or smart, not " + method);
        }
        if (!(rate > 0) || concurrency < 1) {
            return usage("-rate must be above 0 and -concurrency at least 1");
        }
        if (requestColumn != null && requestColumn < 1 || methodColumn != null && methodColumn < 1) {
            return usage("-n and -o are 1-based field numbers");
        }
        if (!prefix.matches("https?://[^/]+(/.*)?")) {
            return usage("-p must be an http:// or https:// URL, not " + prefix);
        }
        LogRequestExtractor extractor;
        try {
            String markerPattern = marker != null ? marker : requestColumn != null ? "Request:" : "";
            extractor = new LogRequestExtractor(Pattern.compile(separator), Pattern.compile(markerPattern), requestColumn,
                    methodColumn, suffix);
        } catch (PatternSyntaxException e) {
            return usage("bad regular expression: " + e.getMessage());
        }
        ReplaySummary summary = new ReplaySummary();
        Replayer replayer = new Replayer(prefix, choice, rate, concurrency, verbose, stdout, stderr, summary, System::nanoTime);
        Instant start = Instant.now();
        try (BufferedReader lines = Files.newBufferedReader(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                Optional<LogRequestExtractor.LoggedRequest> request = extractor.extract(line);
                if (request.isPresent()) {
                    replayer.replay(request.get());
                } else if (!line.isBlank()) {
                    summary.skipped();
                }
            }
        } catch (IOException e) {
            replayer.finish();
            stderr.println("playlog: cannot read " + logFile + ": " + e.getMessage());
            return FAILED;
        }
        replayer.finish();
        stdout.println(summary.describe(Duration.between(start, Instant.now())));
        if (summary.requests() == 0) {
            stderr.println("playlog: no request found in " + logFile + " (check -n, -s and -m)");
            return FAILED;
        }
        return summary.errors() == 0 && summary.serverErrors() == 0 ? OK : FAILED;
    }

    private int usage(String message) {
        stderr.println("playlog: " + message);
        return USAGE;
    }
}
