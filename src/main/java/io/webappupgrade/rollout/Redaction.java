package io.webappupgrade.rollout;

import java.util.regex.Pattern;

/** Hides the secrets a release URL may carry (user:password@, token query values) before it is shown. */
final class Redaction {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@");
    private static final Pattern QUERY_VALUE = Pattern.compile("([?&][^=&#]*=)[^&#]*");

    private Redaction() {
    }

    static String url(String url) {
        if (url == null) {
            return null;
        }
        String s = USER_INFO.matcher(url).replaceFirst("$1***@");
        return QUERY_VALUE.matcher(s).replaceAll("$1***");
    }
}
