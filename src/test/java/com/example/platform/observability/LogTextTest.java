package com.example.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogTextTest {

    static Stream<Arguments> texts() {
        return Stream.of(
                Arguments.of("/hello", "/hello"),
                Arguments.of("/a\nb", "/a\\nb"),
                Arguments.of("/a\r\nINFO forged", "/a\\r\\nINFO forged"),
                Arguments.of("tab\there", "tab\\there"),
                Arguments.of("typed \\n is not a newline", "typed \\\\n is not a newline"),
                Arguments.of("nel\u0085 ls\u2028 ps\u2029 esc\u001b[31m", "nel\\u0085 ls\\u2028 ps\\u2029 esc\\u001b[31m"),
                Arguments.of("名前 😀", "名前 😀"));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void escape_keepsTextOnOneLineAndUnambiguous(String text, String expected) {
        assertThat(LogText.escape(text)).isEqualTo(expected).doesNotContain("\n", "\r", "\u0085", "\u2028", "\u2029");
    }
}
