package dev.trellis.cni.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Many tool invocations as one {@code sh -s} script, so that a pod's rules are read with one process and written
 * with one more (a fork/exec of nsenter per step was most of the ADD latency). Pure: builds script text.
 *
 * <p>A write script runs its steps in order, each with its input as a quoted here-document, and stops at the
 * first failure with exit code {@code FIRST_STEP_EXIT + index}, so the caller can name the step that failed.
 * A read script prints each command's output followed by a {@link #SECTION_END} line.
 */
public final class ShellBatch {
    public static final int FIRST_STEP_EXIT = 100;
    static final String SECTION_END = "@@trellis-section-end@@";
    private static final String INPUT_END = "@@TRELLIS_INPUT_END@@";

    private final List<String> names = new ArrayList<>();
    private final StringBuilder script = new StringBuilder();

    /** Adds a step that runs {@code command} with {@code input} on its stdin. */
    public ShellBatch step(String name, List<String> command, String input) {
        if (input.contains(INPUT_END)) {
            throw new IllegalArgumentException("step " + name + ": input contains the here-document delimiter");
        }
        script.append(quote(command)).append(" <<'").append(INPUT_END).append("' || exit ")
                .append(FIRST_STEP_EXIT + names.size()).append('\n')
                .append(input).append(input.endsWith("\n") || input.isEmpty() ? "" : "\n")
                .append(INPUT_END).append('\n');
        names.add(name);
        return this;
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    public String script() {
        return script.toString();
    }

    /** The step that made the script exit with {@code exitCode}, if it was one of ours. */
    public String stepName(int exitCode) {
        int index = exitCode - FIRST_STEP_EXIT;
        return index >= 0 && index < names.size() ? names.get(index) : "start (exit " + exitCode + ")";
    }

    /**
     * A script that runs each command and ends its output with a section line; {@code optional} commands may
     * fail (their section is then empty), any other failure stops the script.
     */
    public static String readScript(List<List<String>> commands, List<Boolean> optional) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            out.append(quote(commands.get(i)));
            out.append(optional.get(i) ? " 2>/dev/null || true" : " || exit " + (FIRST_STEP_EXIT + i)).append('\n');
            // A leading newline keeps the marker on its own line after output that lacks a final newline.
            out.append("printf '\\n%s\\n' '").append(SECTION_END).append("'\n");
        }
        return out.toString();
    }

    /** Splits a read script's output into one string per command, each ending in one newline unless empty. */
    public static List<String> sections(String output, int expected) {
        List<String> sections = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.equals(SECTION_END)) {
                String text = current.toString().stripTrailing();
                sections.add(text.isEmpty() ? "" : text + "\n");
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        if (sections.size() != expected) {
            throw new IllegalStateException("read script printed " + sections.size() + " sections (expected: "
                    + expected + ")");
        }
        return sections;
    }

    static String quote(List<String> command) {
        StringBuilder out = new StringBuilder();
        for (String word : command) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append('\'').append(word.replace("'", "'\\''")).append('\'');
        }
        return out.toString();
    }
}
