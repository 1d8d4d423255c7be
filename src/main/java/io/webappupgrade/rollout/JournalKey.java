package io.webappupgrade.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which journal a run reads and writes: one per deployment and per "what the run does".
 *
 * <p>The digest covers the parameters that decide WHAT is done (workflow, version, url, sha256,
 * percentage, lb_relationship, node_ids, instance_ids) and not those that decide HOW (delay,
 * batch_size, max_failures, auto_rollback, drain_timeout), so a re-run may change its pace and still
 * resume. The URL enters only through the digest, so it never appears in a journal's name.
 *
 * @param digest lower-case hex SHA-256 of the deployment id and those parameters
 */
public record JournalKey(String deploymentId, String digest) {

    public JournalKey {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(digest, "digest");
    }

    public static JournalKey of(String deploymentId, RolloutParameters p) {
        StringBuilder canonical = new StringBuilder()
                .append("deployment=").append(deploymentId)
                .append("\nworkflow=").append(p.mode().workflow());
        p.release().ifPresent(r -> canonical
                .append("\nversion=").append(r.version())
                .append("\nurl=").append(r.url())
                .append("\nsha256=").append(r.sha256().orElse("")));
        canonical.append("\npercentage=").append(p.percentage())
                .append("\nlb_relationship=").append(p.lbRelationship())
                .append("\nnode_ids=").append(String.join(",", new TreeSet<>(p.nodeIds())))
                .append("\ninstance_ids=").append(String.join(",", new TreeSet<>(p.instanceIds())));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return new JournalKey(deploymentId, HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
