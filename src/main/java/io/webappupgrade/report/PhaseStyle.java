package io.webappupgrade.report;

import io.webappupgrade.rollout.record.Phase;
import io.webappupgrade.rollout.record.PhaseSpan;

/** How a phase is named and classed in a report: the CSS class, the legend's words, the terminal letter. */
enum PhaseStyle {
    PREPARE("prepare", "prepare (fetch, unpack)", 'p'),
    UNLINK("unlink", "drain (unlink)", 'd'),
    UPGRADE("upgrade", "upgrade", 'U'),
    ESTABLISH("establish", "re-add (establish)", 'e'),
    ROLLBACK("rollback", "rollback", 'R');

    /** The class a failed phase carries besides its own, and its letter in the terminal. */
    static final String FAILED_CLASS = "failed";
    static final char FAILED_LETTER = 'X';

    final String cssClass;
    final String label;
    final char letter;

    PhaseStyle(String cssClass, String label, char letter) {
        this.cssClass = cssClass;
        this.label = label;
        this.letter = letter;
    }

    static PhaseStyle of(Phase phase) {
        return switch (phase) {
            case PREPARE -> PREPARE;
            case UNLINK -> UNLINK;
            case UPGRADE -> UPGRADE;
            case ESTABLISH -> ESTABLISH;
            case ROLLBACK -> ROLLBACK;
        };
    }

    /** "phase upgrade" or "phase upgrade failed". */
    static String classes(PhaseSpan span) {
        return "phase " + of(span.phase()).cssClass + (span.succeeded() ? "" : " " + FAILED_CLASS);
    }
}
