"""The original stack as a Lambda function: bench/fastapi_app.py behind Mangum, polled by a small Runtime API loop.

    AWS_LAMBDA_RUNTIME_API=host:port python3 lambda_function.py             FastAPI + Mangum(app), as the original
    AWS_LAMBDA_RUNTIME_API=host:port python3 lambda_function.py --constant  the floor: the same loop, a constant answer

The loop is what AWS's Python runtime does for a zip function (next invocation, call the handler, post its result),
written out here because awslambdaric is not installable on this machine. It imports the handler after it has read
the environment, the way the managed runtime does, so a cold start includes the imports.
"""
import http.client
import json
import os
import sys

NEXT = "/2018-06-01/runtime/invocation/next"
CONSTANT = {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": '{"message":"[GET]hello, x!"}', "isBase64Encoded": False}


class Context:
    """The part of the Lambda context object that a handler may read."""

    def __init__(self, headers):
        self.aws_request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn", "")
        self.deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms", "0"))


def load_handler(constant):
    if constant:
        return lambda event, context: CONSTANT
    from mangum import Mangum

    from fastapi_app import app
    return Mangum(app)


def main():
    host, port = os.environ["AWS_LAMBDA_RUNTIME_API"].rsplit(":", 1)
    handler = load_handler("--constant" in sys.argv[1:])
    runtime = http.client.HTTPConnection(host, int(port))
    while True:
        runtime.request("GET", NEXT)
        answer = runtime.getresponse()
        event = json.loads(answer.read())
        context = Context(answer.headers)
        try:
            path, result = "response", handler(event, context)
        except Exception as e:  # noqa: BLE001  reported to the Runtime API, as the managed runtime does
            path, result = "error", {"errorMessage": str(e), "errorType": type(e).__name__}
        runtime.request("POST", f"/2018-06-01/runtime/invocation/{context.aws_request_id}/{path}",
                        json.dumps(result).encode(), {"Content-Type": "application/json"})
        runtime.getresponse().read()


if __name__ == "__main__":
    main()
