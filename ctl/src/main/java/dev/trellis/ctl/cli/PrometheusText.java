package dev.trellis.ctl.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the samples of the Prometheus text exposition format that meshctl needs: name, labels, value. */
final class PrometheusText {
    private PrometheusText() {
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int close = line.lastIndexOf('}');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            Map<String, String> labels = brace >= 0 && close > brace ? labels(line.substring(brace + 1, close))
                    : Map.of();
            try {
                samples.add(new Sample(name.strip(), labels, Double.parseDouble(line.substring(space + 1))));
            } catch (NumberFormatException e) {
                // a timestamped or malformed line: not one meshctl uses
            }
        }
        return samples;
    }

    /** {@code a="x",b="y"}; values may hold escaped quotes and commas. */
    private static Map<String, String> labels(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq + 1 >= text.length() || text.charAt(eq + 1) != '"') {
                break;
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < text.length() && text.charAt(j) != '"') {
                if (text.charAt(j) == '\\' && j + 1 < text.length()) {
                    j++;
                }
                value.append(text.charAt(j++));
            }
            out.put(text.substring(i, eq).strip(), value.toString());
            i = j + 2;
        }
        return out;
    }
}
