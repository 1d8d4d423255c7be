package io.webappupgrade.report;

import io.webappupgrade.rollout.record.StepSpan;
import java.util.Optional;

/** How a step of an upgrade or rollback is classed and named in a report. */
enum StepStyle {
    INSTALL("install", "install (fetch, unpack)"),
    STOP("stop", "stop old process"),
    START("start", "start"),
    HEALTH("health", "health check");

    final String name;
    final String cssClass;
    final String label;

    StepStyle(String name, String label) {
        this.name = name;
        this.cssClass = "step-" + name;
        this.label = label;
    }

    /** The style of a step; empty for a step this report does not know (from a newer agent), which is not drawn. */
    static Optional<StepStyle> of(StepSpan step) {
        for (StepStyle style : values()) {
            if (style.name.equals(step.step())) {
                return Optional.of(style);
            }
        }
        return Optional.empty();
    }

    /** "step step-health" or "step step-health failed". */
    String classes(StepSpan step) {
        return "step " + cssClass + (step.succeeded() ? "" : " " + PhaseStyle.FAILED_CLASS);
    }
}
