package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The Java floor for bench/lambda_vs_mangum.py: AWS's runtime interface client with a handler that ignores the event
 * and writes a constant API Gateway answer, so its cold start and latency are the RIC's and the JVM's alone.
 */
public final class ConstantHandler implements RequestStreamHandler {

    private static final byte[] ANSWER = ("{\"statusCode\":200,\"headers\":{\"content-type\":\"application/json\"},"
            + "\"body\":\"{\\\"message\\\":\\\"[GET]hello, x!\\\"}\",\"isBase64Encoded\":false}")
            .getBytes(StandardCharsets.UTF_8);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        output.write(ANSWER);
    }
}
