package io.webappupgrade.rollout;

import io.webappupgrade.values.SecondsRule;
import io.webappupgrade.values.Values;
import io.webappupgrade.version.Version;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The parameters of one rollout, validated up front: {@link #forUpgrade} and {@link #forRollback}
 * either return a complete, valid set or throw {@link InvalidParametersException} listing every
 * problem, so nothing runs on a half-understood request.
 *
 * <p>Values come as a workflow or a command line hands them over: numbers and booleans may be
 * strings; null or blank means "not given" (the default applies).
 *
 * @param release        what an upgrade moves to; empty for a rollback
 * @param percentage     share of the candidate instances the run aims at (see {@link Planner})
 * @param delay          wait between batches (not after the last)
 * @param maxFailures    failed instances tolerated before the run stops
 * @param autoRollback   whether a stopped upgrade rolls back the instances it upgraded
 * @param drainTimeout   handed to the load balancer's unlink as {@code drain_timeout}
 * @param lbRelationship relationships whose type hierarchy contains this type are load-balancer links;
 *                       {@value #NO_LOAD_BALANCER}: no load-balancer steps at all
 * @param minServing     servers that must stay UP and READY in each load balancer besides the batch
 *                       taken out (0: not checked)
 * @param nodeIds        only instances of these nodes (empty: all)
 * @param instanceIds    only these instances (empty: all)
 * @param drainOrder     which of the instances still to do each batch takes
 * @param batchMode      whether each next instance leaves as soon as one is back in, or each batch waits for
 *                       the whole batch before it
 * @param verification   the window that watches each batch once it is back in the load balancer
 */
public record RolloutParameters(
        RolloutMode mode,
        Optional<ReleaseTarget> release,
        int percentage,
        Duration delay,
        BatchSize batchSize,
        int maxFailures,
        boolean autoRollback,
        Duration drainTimeout,
        String lbRelationship,
        int minServing,
        List<String> nodeIds,
        List<String> instanceIds,
        DrainOrder drainOrder,
        BatchMode batchMode,
        boolean dryRun,
        Verification verification) {

    public static final String DEFAULT_LB_RELATIONSHIP = "cloudify.relationships.connected_to";
    /** The {@code lb_relationship} that says, on purpose, that the deployment has no load balancer. */
    public static final String NO_LOAD_BALANCER = "none";
    public static final int DEFAULT_MIN_SERVING = 1;

    private static final List<String> SELECTION = List.of("percentage", "delay", "pause", "batch_size",
            "max_failures", "drain_timeout", "lb_relationship", "min_serving", "node_ids", "instance_ids", "drain_order",
            "batch_mode", "dry_run",
            "verify_seconds", "max_error_rate", "max_latency_ratio", "min_requests", "verify_canary_only");
    private static final List<String> UPGRADE_ONLY = List.of("version", "url", "sha256", "auto_rollback");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Set<String> URL_SCHEMES = Set.of("http", "https", "file");

    public RolloutParameters {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(release, "release");
        if (release.isPresent() != (mode == RolloutMode.UPGRADE)) {
            throw new IllegalArgumentException("an upgrade needs a release target and a rollback has none");
        }
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(batchSize, "batchSize");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(lbRelationship, "lbRelationship");
        Objects.requireNonNull(drainOrder, "drainOrder");
        Objects.requireNonNull(batchMode, "batchMode");
        Objects.requireNonNull(verification, "verification");
        nodeIds = List.copyOf(nodeIds);
        instanceIds = List.copyOf(instanceIds);
    }

    /** The names {@code webapp_upgrade} accepts. */
    public static List<String> upgradeParameterNames() {
        List<String> names = new ArrayList<>(UPGRADE_ONLY);
        names.addAll(SELECTION);
        return List.copyOf(names);
    }

    /** The names {@code webapp_rollback} accepts. */
    public static List<String> rollbackParameterNames() {
        return SELECTION;
    }

    /** Validates the parameters of a {@code webapp_upgrade} run. */
    public static RolloutParameters forUpgrade(Map<String, ?> values) {
        return parse(RolloutMode.UPGRADE, values);
    }

    /** Validates the parameters of a {@code webapp_rollback} run (no version, url, sha256 or auto_rollback). */
    public static RolloutParameters forRollback(Map<String, ?> values) {
        return parse(RolloutMode.ROLLBACK, values);
    }

    public static RolloutParameters parse(RolloutMode mode, Map<String, ?> values) {
        Objects.requireNonNull(values, "values");
        ParameterReader in = new ParameterReader(values);
        checkNames(mode, values, in);

        Optional<ReleaseTarget> release = mode == RolloutMode.UPGRADE ? release(in) : Optional.empty();
        int percentage = in.wholeNumber("percentage", 100, 1, 100, "a whole number from 1 to 100");
        Duration delay = delay(in);
        BatchSize batchSize = batchSize(in);
        int maxFailures = in.wholeNumber("max_failures", 0, 0, Integer.MAX_VALUE, "a whole number, 0 or more");
        boolean autoRollback = mode == RolloutMode.UPGRADE && in.bool("auto_rollback", true);
        Duration drainTimeout = in.seconds("drain_timeout", SecondsRule.POSITIVE)
                .map(Values::duration).orElse(Duration.ofSeconds(30));
        String lbRelationship = in.text("lb_relationship").orElse(DEFAULT_LB_RELATIONSHIP);
        int minServing = in.wholeNumber("min_serving", DEFAULT_MIN_SERVING, 0, Integer.MAX_VALUE,
                "a whole number, 0 or more (0 turns the check off)");
        List<String> nodeIds = in.names("node_ids");
        List<String> instanceIds = in.names("instance_ids");
        DrainOrder drainOrder = drainOrder(in);
        BatchMode batchMode = batchMode(in);
        boolean dryRun = in.bool("dry_run", false);
        Verification verification = verification(in);

        if (!in.problems().isEmpty()) {
            throw new InvalidParametersException(in.problems());
        }
        return new RolloutParameters(mode, release, percentage, delay, batchSize, maxFailures, autoRollback,
                drainTimeout, lbRelationship, minServing, nodeIds, instanceIds, drainOrder, batchMode, dryRun,
                verification);
    }

    private static DrainOrder drainOrder(ParameterReader in) {
        return choice(in, "drain_order", DrainOrder.FEWEST_SESSIONS, DrainOrder::fromWireName, DrainOrder.wireNames());
    }

    private static BatchMode batchMode(ParameterReader in) {
        return choice(in, "batch_mode", BatchMode.ROLLING, BatchMode::fromWireName, BatchMode.wireNames());
    }

    /**
     * One of a few named values ({@code Fewest-Sessions} reads as {@code fewest_sessions});
     * {@code fallback} when not given, and a problem with a did-you-mean when not one of them.
     */
    private static <T> T choice(ParameterReader in, String name, T fallback, Function<String, Optional<T>> byName,
            List<String> names) {
        Optional<String> text = in.text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        Optional<T> value = byName.apply(text.get().trim().toLowerCase(Locale.ROOT).replace('-', '_'));
        if (value.isEmpty()) {
            in.problem(name, "parameter '" + name + "' is " + in.shown(name) + ": allowed is " + String.join(" or ", names)
                    + closest(text.get(), names).map(c -> " (did you mean '" + c + "'?)").orElse(""));
            return fallback;
        }
        return value.get();
    }

    private static Verification verification(ParameterReader in) {
        Duration window = in.seconds("verify_seconds", SecondsRule.NOT_NEGATIVE
                .described("a number of seconds, 0 or more (0 turns the verification window off)"))
                .map(Values::duration).orElse(Duration.ZERO);
        double maxErrorRate = in.fraction("max_error_rate", Verification.DEFAULT_MAX_ERROR_RATE, 0, 1,
                "a number from 0 to 1 (a share: 0.02 is 2%)");
        double maxLatencyRatio = in.fraction("max_latency_ratio", Verification.DEFAULT_MAX_LATENCY_RATIO, 1, 1000,
                "a number from 1 to 1000 (2 means twice the old release's response time)");
        int minRequests = in.wholeNumber("min_requests", Verification.DEFAULT_MIN_REQUESTS, 0, Integer.MAX_VALUE,
                "a whole number, 0 or more");
        boolean canaryOnly = in.bool("verify_canary_only", false);
        return new Verification(window, maxErrorRate, maxLatencyRatio, minRequests, canaryOnly);
    }

    private static void checkNames(RolloutMode mode, Map<String, ?> values, ParameterReader in) {
        List<String> allowed = mode == RolloutMode.UPGRADE ? upgradeParameterNames() : rollbackParameterNames();
        for (String name : values.keySet()) {
            if (allowed.contains(name)) {
                continue;
            }
            if (UPGRADE_ONLY.contains(name)) {
                in.problem(name, "parameter '" + name + "' does not apply to " + mode.workflow()
                        + ", which steps each instance back one release; allowed: " + String.join(", ", allowed));
                continue;
            }
            String hint = closest(name, allowed).map(c -> "did you mean '" + c + "'? ").orElse("");
            in.problem(name, "unknown parameter '" + name + "': " + hint + "allowed: " + String.join(", ", allowed));
        }
    }

    private static Optional<ReleaseTarget> release(ParameterReader in) {
        Optional<Version> version = Optional.empty();
        Optional<String> versionText = in.text("version");
        if (versionText.isEmpty()) {
            if (!in.given("version")) {
                in.problem("version", "parameter 'version' is required: the release to upgrade to, for example 2.1.0");
            }
        } else if (!Version.isValid(versionText.get())) {
            in.problem("version", "parameter 'version' is " + in.shown("version")
                    + ": allowed is numbers separated by dots, optionally followed by -prerelease (for example 2.1.0, 1.10 or 2.0.0-rc1)");
        } else {
            version = Optional.of(Version.parse(versionText.get()));
        }

        Optional<String> url = in.text("url");
        if (url.isEmpty()) {
            if (!in.given("url")) {
                in.problem("url", "parameter 'url' is required: where the release archive is fetched from (http, https or file URL)");
            }
        } else if (!isFetchable(url.get())) {
            // The URL is shown redacted: it may carry a password or token.
            in.problem("url", "parameter 'url' is '" + Redaction.url(url.get())
                    + "': allowed is an absolute http, https or file URL");
            url = Optional.empty();
        }

        Optional<String> sha256 = in.text("sha256");
        if (sha256.isPresent() && !SHA256.matcher(sha256.get()).matches()) {
            in.problem("sha256", "parameter 'sha256' is " + in.shown("sha256")
                    + ": allowed is 64 hexadecimal characters (a SHA-256 digest)");
            sha256 = Optional.empty();
        }
        if (version.isEmpty() || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReleaseTarget(version.get(), url.get(), sha256.map(s -> s.toLowerCase(Locale.ROOT))));
    }

    private static boolean isFetchable(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !URL_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
                return false;
            }
            return scheme.equalsIgnoreCase("file") ? uri.getPath() != null && !uri.getPath().isEmpty()
                    : uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Duration delay(ParameterReader in) {
        SecondsRule allowed = SecondsRule.NOT_NEGATIVE.described("a number of seconds, 0 or more");
        Optional<BigDecimal> delay = in.seconds("delay", allowed);
        Optional<BigDecimal> pause = in.seconds("pause",
                allowed.described(allowed.text() + " ('pause' is the older name of 'delay')"));
        if (delay.isPresent() && pause.isPresent() && delay.get().compareTo(pause.get()) != 0) {
            in.problem("delay", "parameters 'delay' (" + delay.get().toPlainString() + ") and 'pause' ("
                    + pause.get().toPlainString() + ") disagree: 'pause' is the older name of 'delay'; give one of them");
        }
        return delay.or(() -> pause).map(Values::duration).orElse(Duration.ZERO);
    }

    private static BatchSize batchSize(ParameterReader in) {
        Optional<String> text = in.text("batch_size");
        if (text.isEmpty()) {
            return BatchSize.ONE;
        }
        String t = text.get();
        boolean percent = t.endsWith("%");
        String digits = percent ? t.substring(0, t.length() - 1).trim() : t;
        try {
            BigDecimal n = new BigDecimal(digits);
            if (n.stripTrailingZeros().scale() <= 0 && n.signum() > 0
                    && n.compareTo(BigDecimal.valueOf(percent ? 100 : Integer.MAX_VALUE)) <= 0) {
                return new BatchSize(n.intValueExact(), percent);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        in.problem("batch_size", "parameter 'batch_size' is " + in.shown("batch_size")
                + ": allowed is a count of at least 1 (for example 2) or a percentage from 1% to 100% (for example 25%)");
        return BatchSize.ONE;
    }

    /** The closest allowed name within two edits, for a did-you-mean hint. */
    public static Optional<String> closest(String name, List<String> allowed) {
        String lower = name.toLowerCase(Locale.ROOT).replace('-', '_');
        return allowed.stream()
                .map(a -> Map.entry(a, editDistance(lower, a)))
                .filter(e -> e.getValue() <= Math.max(1, Math.min(2, e.getKey().length() / 3)))
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Whether the run has load-balancer steps at all ({@code lb_relationship} is not {@value #NO_LOAD_BALANCER}). */
    public boolean usesLoadBalancer() {
        return !NO_LOAD_BALANCER.equals(lbRelationship);
    }

    /** What is checked before each batch leaves the load balancer, as the plan and a refusal say it. */
    public String servingRule() {
        if (!usesLoadBalancer()) {
            return "lb_relationship none: no load-balancer steps, min_serving not checked";
        }
        return minServing == 0 ? "min_serving 0: servers left serving are not checked"
                : "min_serving " + minServing + ": a batch leaves the load balancer only if at least "
                        + minServing + " other server(s) stay UP and READY in it";
    }

    /** How each batch's instances are chosen, as the plan says it; empty when it makes no difference. */
    public Optional<String> orderRule(int batches) {
        if (batches < 2 || !usesLoadBalancer()) {
            return Optional.empty();
        }
        return Optional.of(drainOrder == DrainOrder.PLANNED ? "drain_order planned: the batches below, in this order"
                : "drain_order fewest_sessions: each batch takes as many as below, of the instances still to do the"
                        + " least busy (fewest sessions in flight); ties in the order below");
    }

    /**
     * Whether the batch after batch {@code number} may start taking instances before batch
     * {@code number} is all back in the load balancer: in {@link BatchMode#ROLLING}, unless a delay
     * or a verification window follows batch {@code number} (both belong to a whole batch).
     */
    public boolean rollsOnAfter(int number) {
        return batchMode == BatchMode.ROLLING && delay.isZero() && !verification.after(number);
    }

    /**
     * How batches follow each other, as the plan says it; empty when it makes no difference (one
     * batch, or one instance per batch).
     *
     * @param batches the plan's batch count
     * @param width   instances per batch
     */
    public Optional<String> batchRule(int batches, int width) {
        if (batches < 2 || width < 2) {
            return Optional.empty();
        }
        if (batchMode == BatchMode.LOCKSTEP) {
            return Optional.of("batch_mode lockstep: each batch starts when the whole batch before it is back in");
        }
        String rolling = "never more than " + width + " out at once; each next instance is taken as soon as one is"
                + " back in (a batch below: the instances taken " + width + " at a time)";
        if (!delay.isZero()) {
            return Optional.of("batch_mode rolling runs as lockstep: a delay follows each batch");
        }
        if (verification.after(2)) {
            return Optional.of("batch_mode rolling runs as lockstep: a verification window follows each batch");
        }
        if (verification.after(1)) {
            return Optional.of("batch_mode rolling: batch 1 alone (its verification window follows it), then " + rolling);
        }
        return Optional.of("batch_mode rolling: " + rolling);
    }

    /** The value handed to the load balancer's unlink: whole seconds as an integer, else a decimal. */
    public Number drainTimeoutSeconds() {
        long millis = drainTimeout.toMillis();
        // Validation caps the value at Integer.MAX_VALUE seconds, so the int cast is exact.
        return millis % 1000 == 0 ? (Number) (int) (millis / 1000) : (Number) (millis / 1000.0);
    }

    /**
     * The parameters as the summary shows them, under their parameter names. The release URL is
     * redacted: it may carry a password or token.
     */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        release.ifPresent(r -> {
            m.put("version", r.version().toString());
            m.put("url", Redaction.url(r.url()));
            m.put("sha256", r.sha256().orElse(null));
        });
        m.put("percentage", percentage);
        m.put("delay", delay.toMillis() / 1000.0);
        m.put("batch_size", batchSize.toString());
        m.put("max_failures", maxFailures);
        if (mode == RolloutMode.UPGRADE) {
            m.put("auto_rollback", autoRollback);
        }
        m.put("drain_timeout", drainTimeoutSeconds());
        m.put("lb_relationship", lbRelationship);
        m.put("min_serving", minServing);
        m.put("node_ids", nodeIds);
        m.put("instance_ids", instanceIds);
        m.put("drain_order", drainOrder.wireName());
        m.put("batch_mode", batchMode.wireName());
        m.put("dry_run", dryRun);
        m.putAll(verification.describe());
        return m;
    }

    @Override
    public String toString() {
        return mode.workflow() + " " + describe();
    }
}
