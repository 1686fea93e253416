package org.imageserving.tools.ic;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Lets tests of other packages make PTIFFs with ic's command line. */
public final class IcCommandAccess {
    private IcCommandAccess() {
    }

    public static int convert(Path source, Path target, String... options) {
        List<String> args = new ArrayList<>(List.of("-convert", "-loglevel", "-1"));
        args.addAll(List.of(options));
        args.add(source.toString());
        args.add(target.toString());
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        return IcCommand.run(args.toArray(String[]::new), quiet, System.err);
    }
}
