package com.example.platform.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.vertx.core.net.impl.TCPServerBase;

/**
 * The hardening's reach into Vert.x fails loudly: on this Vert.x it finds everything; where an upgrade moved a field or
 * a pipeline handler, it names what moved and the switch that starts without it, instead of running unprotected.
 */
class VertxInternalsTest {

    @Test
    void shouldFindEveryInternalOnThisVertx() {
        assertThatCode(VertxInternals::new).doesNotThrowAnyException();
    }

    @Test
    void shouldNameAFieldThatMoved() {
        assertThatThrownBy(() -> VertxInternals.field(TCPServerBase.class, "bindFutureRenamed"))
                .isInstanceOf(VertxInternals.InternalsMoved.class)
                .hasMessageContaining("TCPServerBase.bindFutureRenamed")
                .hasMessageContaining(VertxInternals.VERIFIED_ON)
                .hasMessageContaining("hello.http.hardening-enabled=false");
    }

    @Test
    void shouldNameAPipelineHandlerThatMoved() {
        EmbeddedChannel connection = new EmbeddedChannel();
        try {
            assertThatThrownBy(() -> VertxInternals.connection(connection.pipeline()))
                    .isInstanceOf(VertxInternals.InternalsMoved.class)
                    .hasMessageContaining("request decoder named 'httpDecoder' (found nothing)");
        } finally {
            connection.finishAndReleaseAll();
        }
    }
}
