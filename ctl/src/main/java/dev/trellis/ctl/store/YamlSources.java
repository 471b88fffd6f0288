package dev.trellis.ctl.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads {@code -f} arguments: a file, a directory (its *.yaml / *.yml files, sorted, not recursive), or stdin. */
public final class YamlSources {
    private YamlSources() {
    }

    /** One YAML text with where it came from. */
    public record Source(String name, String yaml) {
    }

    public static List<Source> read(List<String> arguments, InputStream stdin) {
        List<Source> sources = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.equals("-")) {
                sources.add(new Source("-", readAll(stdin)));
                continue;
            }
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                            .forEach(p -> sources.add(new Source(p.toString(), readFile(p))));
                } catch (IOException e) {
                    throw new IllegalArgumentException("-f " + argument + ": cannot list the directory: " + e.getMessage());
                }
            } else if (Files.isRegularFile(path)) {
                sources.add(new Source(argument, readFile(path)));
            } else {
                throw new IllegalArgumentException("-f " + argument + ": no such file or directory");
            }
        }
        return sources;
    }

    private static String readFile(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("-f " + path + ": " + e.getMessage());
        }
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
