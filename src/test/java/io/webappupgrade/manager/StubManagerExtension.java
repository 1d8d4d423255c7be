package io.webappupgrade.manager;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A stub manager per test, a logger that keeps what the clients log, and clients to the stub, all
 * closed after each test. The stub starts on first use, so a test's field initialisers may take
 * {@link #manager()}, {@link #client()} and {@link #log()} from it (JUnit makes a test instance, and
 * so an extension, per test method):
 * <pre>
 * &#64;RegisterExtension
 * final StubManagerExtension stub = new StubManagerExtension(1000);
 * private final ManagerClient client = stub.client();
 * </pre>
 */
public final class StubManagerExtension implements AfterEachCallback {

    private final int pageSize;
    private final List<ManagerClient> clients = new ArrayList<>();
    private StubManager manager;
    private CapturingLogger log;
    private ManagerClient client;

    /** @param pageSize the page size of {@link #client()} (the manager's listings are paged) */
    public StubManagerExtension(int pageSize) {
        this.pageSize = pageSize;
    }

    public StubManager manager() {
        if (manager == null) {
            manager = new StubManager();
        }
        return manager;
    }

    /** What the clients logged. */
    public CapturingLogger log() {
        if (log == null) {
            log = new CapturingLogger();
        }
        return log;
    }

    /** The test's client to the stub, with the page size given at construction. */
    public ManagerClient client() {
        if (client == null) {
            client = client(pageSize);
        }
        return client;
    }

    /** One more client to the stub with its own page size; closed after the test like the others. */
    public ManagerClient client(int otherPageSize) {
        ManagerClient another = manager().client(otherPageSize, log());
        clients.add(another);
        return another;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(ManagerClient::close);
        clients.clear();
        client = null;
        if (manager != null) {
            manager.close();
            manager = null;
        }
        log = null;
    }
}
