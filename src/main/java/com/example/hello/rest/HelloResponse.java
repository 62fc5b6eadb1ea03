package com.example.hello.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of every successful hello answer.
 */
public record HelloResponse(@Schema(examples = "[GET]hello, 太郎!") String message) {
}
