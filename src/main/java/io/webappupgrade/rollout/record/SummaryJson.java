package io.webappupgrade.rollout.record;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.json.SnakeCaseJson;

/** The one JSON mapping of a summary; configured once, then only read (ObjectMapper is thread-safe so). */
final class SummaryJson {

    static final ObjectMapper MAPPER = SnakeCaseJson.mapper();

    private SummaryJson() {
    }
}
