package com.example.platform.lambda;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The function driven by Quarkus's own Runtime API loop instead of AWS's Runtime Interface Client, when the image is
 * started through Quarkus's main ({@code LAMBDA_RUNTIME_CLIENT=quarkus} in docker/lambda-java.sh): the loop native
 * builds use, which reports failed invocations to the Runtime API, hands on the X-Ray trace header and reads the
 * invocation's deadline. Started through the RIC (the default), Quarkus runs without this main. Verified on Quarkus
 * 3.33.2, whose {@code AmazonLambdaRecorder.startPollLoop} only a native build calls.
 */
@QuarkusMain
public class FunctionMain implements QuarkusApplication {

    @Override
    public int run(String... args) {
        List<Runnable> stopLoop = new ArrayList<>();
        if (LaunchMode.current() == LaunchMode.NORMAL && System.getenv("AWS_LAMBDA_RUNTIME_API") != null) {
            new AmazonLambdaRecorder(null).startPollLoop(new ShutdownContext() {
                @Override
                public void addShutdownTask(Runnable task) {
                    stopLoop.add(task);
                }

                @Override
                public void addLastShutdownTask(Runnable task) {
                    stopLoop.add(task);
                }
            }, LaunchMode.NORMAL);
        }
        Quarkus.waitForExit();
        stopLoop.forEach(Runnable::run);
        return 0;
    }
}
