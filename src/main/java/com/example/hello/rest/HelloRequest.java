package com.example.hello.rest;

import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /hello_post}. An empty name is allowed and greets the default visitor.
 */
public record HelloRequest(
        @Schema(description = "Who to greet; empty greets 'visitor'", examples = "太郎", required = true)
        @NotNull(message = "name is required and must be a string")
        String name) {
}
