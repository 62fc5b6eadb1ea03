package com.example.platform.lambda;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Where the Quarkus Lambda runtime reads an event and writes an answer: it reads every event as an HTTP API event and
 * writes every answer as one, with the JSON mapper this customizes (a copy of the application's). So the event of
 * any front door is read here into the HTTP API event it stands for ({@link FrontDoor#httpApiEvent}), and the answer
 * {@link FrontDoorHandler} shaped for that door is written out as it is.
 */
@Singleton
public class FrontDoorJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("aws-front-doors")
                .addDeserializer(APIGatewayV2HTTPEvent.class, new EventReader())
                .addSerializer(APIGatewayV2HTTPResponse.class, new AnswerWriter()));
    }

    /** An event as the Quarkus handler reads it, with the door it came through, or why it cannot be served. */
    static final class Request extends APIGatewayV2HTTPEvent {
        FrontDoor frontDoor = FrontDoor.HTTP_API;
        String rejection;
        /** The Origin of a rejected event, whose page may read the rejection. */
        String rejectedOrigin;
    }

    /** An answer already in its front door's JSON shape. */
    static final class Answer extends APIGatewayV2HTTPResponse {
        final ObjectNode json;

        Answer(ObjectNode json) {
            this.json = json;
        }
    }

    static final class EventReader extends StdDeserializer<APIGatewayV2HTTPEvent> {

        EventReader() {
            super(APIGatewayV2HTTPEvent.class);
        }

        @Override
        public APIGatewayV2HTTPEvent deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode event = context.readTree(parser);
            FrontDoor frontDoor = FrontDoor.HTTP_API;
            Request request;
            try {
                frontDoor = FrontDoor.of(event);
                request = read(frontDoor.httpApiEvent(event), context);
            } catch (FrontDoor.MalformedEvent e) {
                request = new Request();
                request.rejection = e.getMessage();
                request.rejectedOrigin = FrontDoor.origin(event);
            }
            request.frontDoor = frontDoor;
            return request;
        }

        /** The whole event if it fits the handler's event class, else what the handler needs of it. */
        private static Request read(ObjectNode httpApiEvent, DeserializationContext context) throws IOException {
            try {
                return context.readTreeAsValue(httpApiEvent, Request.class);
            } catch (DatabindException e) {
                try {
                    return context.readTreeAsValue(FrontDoor.essentials(httpApiEvent), Request.class);
                } catch (DatabindException stillWrong) {
                    throw new FrontDoor.MalformedEvent("A field of the event has the wrong type.");
                }
            }
        }
    }

    static final class AnswerWriter extends StdSerializer<APIGatewayV2HTTPResponse> {

        AnswerWriter() {
            super(APIGatewayV2HTTPResponse.class);
        }

        @Override
        public void serialize(APIGatewayV2HTTPResponse answer, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeTree(answer instanceof Answer shaped ? shaped.json
                    : FrontDoor.HTTP_API.answer(FrontDoor.Answer.of(answer)));
        }
    }
}
