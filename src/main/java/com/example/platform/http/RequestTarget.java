package com.example.platform.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request target the way the application must see it, or says why it cannot (RFC 9112 3.2, RFC 3986), by the
 * rule Quarkus applies before any route ({@code java.net.URI}): {@code StrictRequestDecoder} applies it to every
 * request line and the Lambda front doors to every event, so a refusal is a problem answer (Quarkus's own would be an
 * empty 400 that keeps the connection open) and nothing that reaches Quarkus fails its check.
 */
public final class RequestTarget {

    private RequestTarget() {
    }

    /** A target that cannot be served; the message says why and is safe to show the client. */
    public static final class InvalidTarget extends RuntimeException {
        InvalidTarget(String message) {
            super(message, null, false, false);
        }
    }

    /** The characters besides letters and digits that a URI holds unescaped (RFC 3986 2.2 and 2.3), '%' aside. */
    private static final String URI_CHARACTERS = "-._~:/?@!$&'()*+,;=";

    static final String NOT_A_URI = "The request target is not a valid URI; percent-encode reserved characters.";

    /** Why the (ASCII) target cannot be served, or null when it can. */
    /**
     * The target with every character a URI cannot hold percent-encoded, and every {@code %} that does not start an
     * escape: a stand-in for a refused target that names what the client sent.
     */
    static String escaped(String target) {
        return percentEncode(target.getBytes(StandardCharsets.ISO_8859_1), URI_CHARACTERS, true);
    }

    /**
     * Percent-encodes every byte but ASCII letters, digits and {@code safe} and, if {@code keepEscapes}, the escapes
     * already there.
     */
    public static String percentEncode(byte[] bytes, String safe, boolean keepEscapes) {
        StringBuilder encoded = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean escape = keepEscapes && b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1])
                    && isHex(bytes[i + 2]);
            if (escape || (b < 0x80 && (Character.isLetterOrDigit(b) || safe.indexOf(b) >= 0))) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return encoded.toString();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static String problem(String target) {
        if (target.indexOf('#') >= 0) {
            return "A request target has no fragment; percent-encode '#' (%23).";
        }
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            return NOT_A_URI;
        }
    }

    /**
     * The target as the application reads it: raw non-ASCII bytes percent-encoded as the UTF-8 they must be, and each
     * {@code ;} of the query percent-encoded; an ASCII target that needs neither is returned as it is.
     *
     * @param isText whether the target is text already (a Lambda event), not bytes as received (a request line, which
     *        Netty reads as ISO-8859-1)
     * @throws InvalidTarget when it is not UTF-8, not a URI, or has a fragment
     */
    public static String normalize(String target, boolean isText) {
        String ascii = isAscii(target) ? target : percentEncodeUtf8(target, isText);
        if (ascii == null) {
            throw new InvalidTarget("The request target is not valid UTF-8; percent-encode it.");
        }
        String problem = problem(ascii);
        if (problem != null) {
            throw new InvalidTarget(problem);
        }
        return withEncodedQuerySemicolons(ascii);
    }

    /**
     * The target with each {@code ;} of its query percent-encoded, or the target itself when it has none. The query
     * decoder would split parameters at a raw {@code ;} (an old form convention), so {@code name=a;b} lost {@code ;b}
     * and {@code x=1;name=a&name=b} read a name that a proxy splitting on {@code &} does not see; browsers send it raw.
     */
    private static String withEncodedQuerySemicolons(String target) {
        int query = target.indexOf('?');
        if (query < 0 || target.indexOf(';', query) < 0) {
            return target;
        }
        return target.substring(0, query) + target.substring(query).replace(";", "%3B");
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 0x80);
    }

    /**
     * Over a socket every character of the target is one byte as received (Netty reads the request line as
     * ISO-8859-1); from a Lambda event it is already text. Either way the result is the UTF-8 bytes, percent-encoded,
     * or null when they are not UTF-8.
     */
    private static String percentEncodeUtf8(String target, boolean isText) {
        byte[] bytes = target.getBytes(isText ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (isText && !target.equals(new String(bytes, StandardCharsets.UTF_8))) {
            return null;
        }
        if (!Utf8.isValid(bytes)) {
            return null;
        }
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (b >= 0) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return encoded.toString();
    }
}
