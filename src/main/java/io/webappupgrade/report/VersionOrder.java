package io.webappupgrade.report;

import io.webappupgrade.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Versions in release order when they all read as versions, else in the order they first answered. */
final class VersionOrder {

    private VersionOrder() {
    }

    static List<String> sort(List<String> firstSeenOrder) {
        List<String> sorted = new ArrayList<>(firstSeenOrder);
        if (sorted.stream().allMatch(Version::isValid)) {
            sorted.sort(Comparator.comparing(Version::parse));
        }
        return sorted;
    }

    /** The CSS class of the version at {@code index} in release order. */
    static String cssClass(int index) {
        return index < ReportStyle.VERSION_COLOURS ? "v" + index : "v-other";
    }
}
