package dev.trellis.controlplane.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads the objects of one YAML text: several documents separated by {@code ---}, each an object or a
 * {@code kind: List} of {@code items}. All or nothing: the first bad document refuses the whole text, with a
 * message that starts with the source and the document number ({@code svc.yaml (document 2)}).
 *
 * <p>YAML 1.2 core schema (so {@code on} stays a string), duplicate keys refused, aliases limited so that a
 * small file cannot expand into a huge tree.
 */
public final class YamlResourceReader {

    private static final int MAX_ALIASES = 50;
    private static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

    private YamlResourceReader() {
    }

    /**
     * The objects of {@code text}, in document order.
     *
     * @param source what to call the text in errors, e.g. the file name
     * @throws InvalidResourceException naming the source, the document, the object and the field
     */
    public static List<Resource> read(String text, String source) {
        Load load = new Load(LoadSettings.builder()
                .setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setLabel(source)
                .setSchema(new CoreSchema())
                .build());
        List<Resource> resources = new ArrayList<>();
        int index = 0;
        try {
            for (Object document : load.loadAllFromString(text)) {
                index++;
                if (document != null) {
                    readDocument(document, source + " (document " + index + ")", resources);
                }
            }
        } catch (YamlEngineException e) {
            throw new InvalidResourceException(source + " (document " + (index + 1) + "): not valid YAML: "
                    + e.getMessage().replace('\n', ' ').replaceAll(" +", " "), e);
        }
        return resources;
    }

    private static void readDocument(Object document, String where, List<Resource> into) {
        if (document instanceof Map<?, ?> map && "List".equals(map.get("kind"))) {
            readList(map, where, into);
            return;
        }
        try {
            into.add(ResourceDecoder.decode(document));
        } catch (InvalidResourceException e) {
            throw e.in(where);
        }
    }

    private static void readList(Map<?, ?> list, String where, List<Resource> into) {
        for (Object key : list.keySet()) {
            if (!List.of("apiVersion", "kind", "items", "metadata").contains(key)) {
                throw new InvalidResourceException(where + ": List: " + key + ": unknown field");
            }
        }
        if (!(list.get("items") instanceof List<?> items)) {
            throw new InvalidResourceException(where + ": List: items: "
                    + FieldReader.describe(list.get("items")) + " (expected: a list)");
        }
        for (int i = 0; i < items.size(); i++) {
            try {
                into.add(ResourceDecoder.decode(items.get(i)));
            } catch (InvalidResourceException e) {
                throw e.in(where + " items[" + i + "]");
            }
        }
    }
}
