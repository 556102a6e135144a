import logging
import os

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.route(route="hello")
def hello(req: func.HttpRequest) -> func.HttpResponse:
    name = req.params.get("name") or "world"
    return func.HttpResponse(f"Hello, {name}!")


@app.route(route="echo", methods=["POST"])
def echo(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(
        req.get_body(),
        status_code=201,
        headers={"x-echo-method": req.method},
        mimetype=req.headers.get("content-type", "application/octet-stream"),
    )


@app.route(route="fail")
def fail(req: func.HttpRequest) -> func.HttpResponse:
    raise ValueError("planned failure")


@app.route(route="crash")
def crash(req: func.HttpRequest) -> func.HttpResponse:
    os._exit(3)


# Run by hand through the admin API (a manual trigger, which this host supports).
@app.generic_trigger(arg_name="msg", type="manualTrigger")
def queued(msg: str) -> None:
    logging.info("queued got %s", msg)


# Fed by the host's queue listener from the app's storage.
@app.queue_trigger(arg_name="msg", queue_name="py-orders", connection="AzureWebJobsStorage")
def from_queue(msg: func.QueueMessage) -> None:
    logging.info("from_queue got %s (dequeue count %s)", msg.get_body().decode(), msg.dequeue_count)
