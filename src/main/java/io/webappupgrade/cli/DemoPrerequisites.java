package io.webappupgrade.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The programs the demo runs, found on PATH: HAProxy and Node.js. */
record DemoPrerequisites(Path haproxy, Path node) {

    /** Both programs, or empty after telling {@code err} what is missing and how to install it. */
    static Optional<DemoPrerequisites> find(Map<String, String> env, PrintStream err) {
        Executables path = new Executables(env);
        Optional<Path> haproxy = path.find("haproxy");
        Optional<Path> node = path.find("node");
        if (haproxy.isEmpty() || node.isEmpty()) {
            err.println("demo: needs " + (haproxy.isEmpty() ? "haproxy " : "") + (node.isEmpty() ? "node " : "")
                    + "on this machine: sudo apt-get install -y haproxy nodejs (or run scripts/setup.sh demo)");
            return Optional.empty();
        }
        return Optional.of(new DemoPrerequisites(haproxy.get(), node.get()));
    }
}
