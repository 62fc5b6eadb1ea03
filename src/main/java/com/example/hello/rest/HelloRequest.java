package com.example.hello.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.example.problem.InvalidFieldException;

/**
 * Body of {@code POST /hello_post}. An empty name is allowed and greets the default visitor.
 */
public record HelloRequest(
        @Schema(description = "Who to greet; empty greets 'visitor'", examples = "太郎", required = true)
        String name) {

    static final String NOT_UTF8_MESSAGE = "must be valid UTF-8 text";

    /** The name, once it is known to be present and readable. */
    String requiredName() {
        if (name == null) {
            throw new InvalidFieldException("name", "name is required and must be a string");
        }
        return requireUtf8("name", name);
    }

    /**
     * U+FFFD is what a gateway puts where the client sent bytes that were not UTF-8; rejecting it makes a broken
     * request a 400 on Lambda too, where the event arrives already decoded, instead of a garbled greeting.
     */
    static String requireUtf8(String field, String text) {
        if (text != null && text.indexOf('\uFFFD') >= 0) {
            throw new InvalidFieldException(field, NOT_UTF8_MESSAGE);
        }
        return text;
    }
}
