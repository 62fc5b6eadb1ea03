#!/bin/bash
# Starts the Lambda function's JVM. The one place the launch line is written: the image's ENTRYPOINT, the startup
# archive's training run (docker/startup-archive.sh), LambdaImageIT and bench/bench.py all start the function through
# this script, since the JDK's AOT cache only loads under the flags and class path that made it.
#
#   lambda-java.sh [JVM options...] HANDLER
#
# Runs $JAVA (default: java) with what every start needs, then the given JVM options, $JAVA_OPTS and
# $JAVA_OPTS_APPEND, the class path $APP_CLASSPATH, and the AWS Lambda Runtime Interface Client's main class, which
# polls the Runtime API at $AWS_LAMBDA_RUNTIME_API and calls HANDLER (class::method); with LAMBDA_RUNTIME_CLIENT=quarkus,
# Quarkus's main instead, whose own Runtime API loop serves the same handler (FunctionMain).
# --add-opens: what the runner jar's manifest asks for, which -cp ignores; without it, on JDK 24+ invocations hang in
# jboss-threads. --enable-native-access: the RIC loads its JNI library without a warning on every start.
set -euo pipefail
(($# >= 1)) || { echo "usage: $0 [JVM options...] HANDLER" >&2; exit 2; }
# shellcheck disable=SC2086  # JAVA_OPTS and JAVA_OPTS_APPEND are lists of options
main=(com.amazonaws.services.lambda.runtime.api.client.AWSLambda "${!#}")
[ "${LAMBDA_RUNTIME_CLIENT:-ric}" != quarkus ] || main=(io.quarkus.runner.GeneratedMain)
exec "${JAVA:-java}" --add-opens java.base/java.lang=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
    "${@:1:$#-1}" ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} -cp "${APP_CLASSPATH:?}" "${main[@]}"
