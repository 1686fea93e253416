package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.http.RequestLog;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ProtocolCheck;
import org.imageserving.ps.request.RequestGate;
import org.imageserving.testkit.QueryMutator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz test of the Platform Server's request parsing: a few thousand random mutations of valid queries
 * ({@link QueryMutator}) through the tokenizer, macro expansion, command assembly and protocol checks, and through the
 * whole {@link ImageRequestProcessor} (no Image Server runs: what would reach it is a 503). Only the documented
 * outcomes may come out: a {@link RequestException} from the parsers, a {@link Reply} from the processor, never
 * a 500, never another exception. A failure names the seed and the input; {@code -Dfuzz.seed=} and
 * {@code -Dfuzz.iterations=} (default 3000) reproduce or lengthen a run.
 */
class RequestFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261204L);
    static final int ITERATIONS = Integer.getInteger("fuzz.iterations", 3000);
    static final List<String> QUERIES = List.of(
            "wid=400&hei=300&fmt=png&qlt=80,1&crop=0,0,100,100&rotate=90&op_usm=1,1,0,0&bgc=ff0000",
            "layer=1&src=samples/a.jpg&pos=10,10&opac=50&blendMode=mult&layer=comp&op_blur=2&effect=-1&op_grow=2"
                    + "&color=000000c0",
            "src=is{samples/a.jpg?wid=20&crop=0,0,10,10}&$v=1&wid=$v$&.c=1&req=props,json&handler=cb&id=1",
            "req=imageprops&rgn=0,0,10,10&scl=0.5&fit=crop,1&align=-1,1&extend=1,1,1,1&rect=0,0,5,5&dpr=2",
            "fmt=gif&quantize=adaptive,diffuse,16&resMode=sharp2&flip=lr&cropN=0,0,0.5,0.5&op_brightness=10"
                    + "&op_hue=30&$small$&locale=de&cache=off,on&defaultImage=shop/land",
            "req=exists,xml&wid=10&src={http://127.0.0.1:1/x.png}&bfc=on",
            "req=userdata,javascript&layer=2,name&size=10,10&color=ff0000&layer=name&hide=1&sizeN=0.5,0.5");
    static final List<String> PATHS = List.of("shop/land", "samples/a.jpg", "shop", "", "shop/none",
            "samples/%2e%2e/a.jpg", "shop/land%00");
    static final MacroExpander MACROS = new MacroExpander(name -> Optional.ofNullable(Map.of(
            "small", "wid=100&$inner$", "inner", "qlt=50&fmt=png", "loop", "$loop$").get(name)));

    @TempDir
    Path folder;
    private ProcessorWithoutImageServer server;

    @BeforeEach
    void processor() throws Exception {
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Path images = Files.createDirectories(folder.resolve("images/samples"));
        Files.write(images.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nErrorDetail=2\nMacroFile=macros.txt\n");
        Files.writeString(catalog.resolve("macros.txt"), "Name\tDefinition\nsmall\twid=100&$inner$\ninner\tqlt=5\n"
                + "loop\t$loop$\n");
        Files.writeString(catalog.resolve("shop.ini"), "RootId=shop\nRootPath=samples\nCatalogFile=shop.txt\n"
                + "ErrorDetail=2\nLocaleMap=de,_D,|,\n");
        Files.writeString(catalog.resolve("shop.txt"), "Id\tPath\tModifier\tUserData\nland\ta.jpg\twid=120&$small$\tx=1\n");
        server = ProcessorWithoutImageServer.on(folder);
    }

    @AfterEach
    void close() {
        server.close();
    }

    private static AssertionError failure(long seed, int iteration, String input, Throwable thrown) {
        return new AssertionError(String.format("fuzz seed %d, iteration %d (reproduce with -Dfuzz.seed=%d): "
                + "input '%s' gave %s", SEED, iteration, SEED, input.replace("\0", "\\0"), thrown), thrown);
    }

    @Test
    void theParsersAnswerEveryMutationWithAUsageErrorAtWorst() {
        System.out.println("RequestFuzzTest seed " + SEED + ", " + ITERATIONS + " iterations");
        int refused = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            Random random = new Random(SEED * 31 + i);
            String query = QueryMutator.mutate(random, QUERIES.get(random.nextInt(QUERIES.size())));
            try {
                List<Modifier> url = ModifierTokenizer.fromUrl(query);
                List<Modifier> record = ModifierTokenizer.fromCatalog(QueryMutator.mutate(random, "wid=$w$&$small$"));
                CommandAssembler.Assembled assembled = CommandAssembler.assemble(record, url, List.of(), MACROS, "obj");
                ProtocolCheck.acceptCommands(assembled.commands());
                ProtocolCheck.requestKind(assembled.commands().get("req") == null ? null
                        : assembled.commands().get("req").split(",", -1)[0]);
                ProtocolCheck.forImageServer(assembled.commands());
                RequestGate.decodedElements(QueryMutator.mutate(random, "shop/land%20x/a.jpg"));
            } catch (RequestException e) {
                refused++;
                assertThat(e.status()).as("a refusal is a 4xx: %s", e.getMessage()).isBetween(400, 499);
            } catch (RuntimeException | StackOverflowError e) {
                throw failure(SEED, i, query, e);
            }
        }
        assertThat(refused).as("the mutations reach the error paths").isGreaterThan(ITERATIONS / 10);
    }

    @Test
    void theRequestProcessorAnswersEveryMutationWithAReplyNeverA500() {
        int iterations = Math.max(1, ITERATIONS / 3);
        for (int i = 0; i < iterations; i++) {
            Random random = new Random(SEED * 17 + i);
            String query = QueryMutator.mutate(random, QUERIES.get(random.nextInt(QUERIES.size())));
            String path = random.nextInt(4) == 0 ? QueryMutator.mutate(random, PATHS.get(random.nextInt(PATHS.size())))
                    : PATHS.get(random.nextInt(PATHS.size()));
            Reply reply;
            try {
                reply = server.processor.process(new ClientRequest("GET", "/is/image/" + path, path, query, "127.0.0.1",
                        Map.of(), -1, new RequestLog()));
            } catch (RuntimeException | StackOverflowError e) {
                throw failure(SEED, i, path + "?" + query, e);
            }
            if (reply instanceof Reply.Failure failed && failed.status() == 500) {
                throw failure(SEED, i, path + "?" + query, new AssertionError("500: " + failed.message()));
            }
        }
    }
}
