"""Reference implementation of the hello API in FastAPI, served by uvicorn in the benchmark (bench/run.sh)."""
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class HelloRequest(BaseModel):
    name: str


def greet(method: str, name: str) -> dict:
    return {"message": f"[{method}]hello, {name or 'visitor'}!"}


@app.get("/hello")
def hello(name: str = "") -> dict:
    return greet("GET", name)


@app.post("/hello_post")
def hello_post(body: HelloRequest) -> dict:
    return greet("POST", body.name)
