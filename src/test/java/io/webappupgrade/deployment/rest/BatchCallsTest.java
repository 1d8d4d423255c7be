package io.webappupgrade.deployment.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.webappupgrade.deployment.OperationFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchCallsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<List<String>> runs = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private Future<?> call(BatchCalls calls, String member, String key, Map<String, String> failures) {
        return threads.submit(() -> {
            calls.call(member, key, member, members -> {
                runs.add(List.copyOf(members.keySet()));
                return failures;
            });
            return null;
        });
    }

    @Test
    void theCallsOfEveryLiveMemberRunOnceTogetherInBatchOrder() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofSeconds(30));
        calls.start(List.of("a", "b", "c"));

        Future<?> c = call(calls, "c", "upgrade", Map.of());
        Future<?> a = call(calls, "a", "upgrade", Map.of());
        Future<?> b = call(calls, "b", "upgrade", Map.of());
        for (Future<?> f : List.of(a, b, c)) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(runs).containsExactly(List.of("a", "b", "c"));
    }

    @Test
    void onlyTheMemberAGroupFailedForHearsTheFailure() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofSeconds(30));
        calls.start(List.of("a", "b"));

        Future<?> a = call(calls, "a", "upgrade", Map.of("b", "health check failed"));
        Future<?> b = call(calls, "b", "upgrade", Map.of("b", "health check failed"));

        a.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(OperationFailedException.class)
                .hasMessageContaining("health check failed");
        assertThat(runs).hasSize(1);
    }

    @Test
    void aMemberTheEngineIsDoneWithNoLongerHoldsTheOthers() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofSeconds(30));
        calls.start(List.of("a", "b"));

        Future<?> b = call(calls, "b", "unlink", Map.of());
        Thread.sleep(100);
        assertThat(b).isNotDone();
        calls.finished("a");
        b.get(10, TimeUnit.SECONDS);

        assertThat(runs).containsExactly(List.of("b"));
    }

    @Test
    void aMemberThatWentAnotherWayHoldsTheOthersNoLongerThanTheWindow() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofMillis(300));
        calls.start(List.of("a", "b"));

        long start = System.nanoTime();
        call(calls, "b", "unlink", Map.of()).get(10, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(runs).containsExactly(List.of("b"));
        assertThat(waitedMillis).isBetween(250L, 5_000L);
    }

    @Test
    void membersWaitingInDifferentGroupsDoNotWaitForEachOther() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofSeconds(30));
        calls.start(List.of("a", "b"));

        // a has a second load balancer to leave while b is already at the upgrade
        Future<?> b = call(calls, "b", "upgrade", Map.of());
        Future<?> a = call(calls, "a", "unlink lb2", Map.of());
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);

        assertThat(runs).containsExactlyInAnyOrder(List.of("a"), List.of("b"));
    }

    @Test
    void aMemberRunningAnotherGroupIsWaitedForBeyondTheWindowAndJoins() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofMillis(200));
        calls.start(List.of("a", "b"));
        CompletableFuture<Void> slowUnlink = new CompletableFuture<>();

        Future<?> a = threads.submit(() -> {
            calls.call("a", "unlink lb2", "a", members -> {
                runs.add(List.copyOf(members.keySet()));
                slowUnlink.join();
                return Map.of();
            });
            calls.call("a", "upgrade", "a", members -> {
                runs.add(List.copyOf(members.keySet()));
                return Map.of();
            });
            return null;
        });
        while (runs.isEmpty()) {
            Thread.sleep(5);
        }
        // a's unlink ran alone after the window (b was elsewhere) and takes long; b then waits for it
        Future<?> b = call(calls, "b", "upgrade", Map.of());
        Thread.sleep(600);
        assertThat(b).isNotDone();
        slowUnlink.complete(null);
        a.get(10, TimeUnit.SECONDS);
        b.get(10, TimeUnit.SECONDS);

        assertThat(runs).containsExactly(List.of("a"), List.of("a", "b"));
    }

    @Test
    void callsOfInstancesOutsideTheBatchRunAloneAtOnce() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofSeconds(30));
        calls.start(List.of("a", "b"));

        call(calls, "haproxy_1", "list_servers", Map.of()).get(10, TimeUnit.SECONDS);
        calls.finished("a");
        calls.finished("b");
        call(calls, "a", "rollback", Map.of()).get(10, TimeUnit.SECONDS);

        assertThat(runs).containsExactly(List.of("haproxy_1"), List.of("a"));
    }

    @Test
    void anInterruptedRunReachesEveryMemberAsAnInterruption() throws Exception {
        BatchCalls calls = new BatchCalls(Duration.ofSeconds(30));
        calls.start(List.of("a", "b"));
        CompletableFuture<Void> release = new CompletableFuture<>();
        GroupProbe probe = new GroupProbe();

        Future<?> a = threads.submit(() -> {
            calls.call("a", "upgrade", "a", members -> probe.run(release));
            return null;
        });
        Future<?> b = threads.submit(() -> {
            calls.call("b", "upgrade", "b", members -> probe.run(release));
            return null;
        });
        release.complete(null);

        assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        assertThat(probe.runs).isEqualTo(1);
    }

    /** A group run that ends as an interrupted execution does (the follower cancelled it). */
    private static final class GroupProbe {
        int runs;

        synchronized Map<String, String> run(CompletableFuture<Void> release) throws InterruptedException {
            runs++;
            release.join();
            throw new InterruptedException("interrupted while following execution exec-1");
        }
    }
}
