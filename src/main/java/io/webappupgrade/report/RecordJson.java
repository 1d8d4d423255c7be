package io.webappupgrade.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.webappupgrade.json.SnakeCaseJson;

/**
 * The JSON mapping of the probe part of a {@link RolloutRecord}: the same conventions as the
 * rollout summary (snake_case, ISO-8601 UTC instants). Configured once, then only read.
 */
final class RecordJson {

    static final ObjectMapper MAPPER = SnakeCaseJson.mapper();

    private RecordJson() {
    }
}
