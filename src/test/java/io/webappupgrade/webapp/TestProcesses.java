package io.webappupgrade.webapp;

import java.util.ArrayList;
import java.util.List;

/** Remembers the processes a test started and kills whatever is left of them, also when the test failed. */
final class TestProcesses implements AutoCloseable {

    private final List<AppProcess> started = new ArrayList<>();

    AppProcess track(AppProcess process) {
        started.add(process);
        return process;
    }

    @Override
    public void close() {
        for (AppProcess p : started) {
            p.handle().ifPresent(h -> {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
        }
    }
}
