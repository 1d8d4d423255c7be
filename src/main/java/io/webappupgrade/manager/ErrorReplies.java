package io.webappupgrade.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a reply that is not a success into the exception that names it. */
final class ErrorReplies {

    private static final Pattern TITLE = Pattern.compile("<title>\\s*(.*?)\\s*</title>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final ObjectMapper json;
    private final String tenant;

    ErrorReplies(ObjectMapper json, String tenant) {
        this.json = json;
        this.tenant = tenant;
    }

    /** Cloudify's error envelope {@code {message, error_code, server_traceback}}, if the body is one. */
    Envelope envelope(HttpReply reply) {
        if (!reply.looksLikeJson()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(reply.body());
            if (node != null && node.isObject() && (node.has("error_code") || node.has("message"))) {
                return new Envelope(node.path("message").asText(""), node.path("error_code").asText(""));
            }
        } catch (IOException e) {
            // not JSON after all: reported below as what it is
        }
        return null;
    }

    ManagerException toException(HttpReply reply, String request) {
        int status = reply.status();
        Envelope envelope = envelope(reply);
        if (envelope == null) {
            String text = request + ": HTTP " + status + " with " + describeBody(reply)
                    + ", not the REST API's JSON; a proxy in front of the manager answered, or the address is not a"
                    + " Cloudify manager's API";
            return status >= 500 || status < 400 ? new ServerErrorException(text, status, "")
                    : byStatus(status, "", text);
        }
        String text = request + ": " + status + " " + (envelope.code().isEmpty() ? "" : envelope.code() + ": ")
                + envelope.message() + hint(status, envelope.code());
        return byCode(status, envelope.code(), text);
    }

    private ManagerException byCode(int status, String code, String text) {
        switch (code) {
            case "unauthorized_error":
                return new UnauthorizedException(text, status, code);
            case "forbidden_error":
                return new ForbiddenException(text, status, code);
            case "not_found_error":
                return new NotFoundException(text, status, code);
            case "conflict_error":
                return new ConflictException(text, status, code);
            case "existing_running_execution_error":
                return new ExistingRunningExecutionException(text, status, code);
            case "maintenance_mode_active":
            case "entering_maintenance_mode":
                return new MaintenanceModeException(text, status, code);
            case "bad_parameters_error":
            case "illegal_execution_parameters_error":
                return new BadParametersException(text, status, code);
            case "unsupported_content_type_error":
                return new UnsupportedContentTypeException(text, status, code);
            default:
                return byStatus(status, code, text);
        }
    }

    private static ManagerException byStatus(int status, String code, String text) {
        switch (status) {
            case 400:
                return new BadParametersException(text, status, code);
            case 401:
                return new UnauthorizedException(text, status, code);
            case 403:
                return new ForbiddenException(text, status, code);
            case 404:
                return new NotFoundException(text, status, code);
            case 409:
                return new ConflictException(text, status, code);
            case 415:
                return new UnsupportedContentTypeException(text, status, code);
            default:
                return status >= 500 ? new ServerErrorException(text, status, code) : new ManagerException(text, status, code);
        }
    }

    private String hint(int status, String code) {
        if (status == 401) {
            return " (check the user name and password, or the token)";
        }
        if (status == 403) {
            return " (check the tenant '" + tenant + "' and the user's role in it)";
        }
        if (status == 415) {
            return " (this client sends Content-Type: application/json; a proxy may have changed it)";
        }
        if ("maintenance_mode_active".equals(code)) {
            return " (the manager runs nothing until maintenance mode is turned off)";
        }
        if ("entering_maintenance_mode".equals(code)) {
            return " (the manager is entering maintenance mode and starts nothing new until it is turned off)";
        }
        return "";
    }

    private static String describeBody(HttpReply reply) {
        String body = reply.body();
        if (body.isBlank()) {
            return "an empty body";
        }
        Matcher title = TITLE.matcher(body);
        if (title.find()) {
            return "an HTML page titled '" + shorten(title.group(1)) + "'";
        }
        String type = reply.contentType().isEmpty() ? "unknown content type" : reply.contentType();
        if (type.contains("html") || body.trim().startsWith("<")) {
            return "an HTML page";
        }
        return "a " + type + " body starting '" + shorten(body.trim()) + "'";
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }

    record Envelope(String message, String code) {
    }
}
