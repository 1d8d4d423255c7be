package io.webappupgrade.manager;

/** A reply as received: status, content type and body text. */
record HttpReply(int status, String contentType, String body) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** 502, 503 and 504: a gateway or the manager itself may answer differently in a moment. */
    boolean isTransient() {
        return status == 502 || status == 503 || status == 504;
    }

    boolean looksLikeJson() {
        String trimmed = body.stripLeading();
        return contentType.contains("json") || trimmed.startsWith("{") || trimmed.startsWith("[");
    }
}
