package dev.trellis.nodeagent;

/** Entry point of {@code node-agent}. The program itself lands with issue 5; until then it says so and exits 2. */
public final class NodeAgentMain {
    private NodeAgentMain() {
    }

    public static void main(String[] args) {
        System.err.println("node-agent: not built yet (issue 5)");
        System.exit(2);
    }
}
