# The conformance kit's functions for the Python v2 programming model. Names and behaviour are the
# contract described in the testkit README; every kit app implements the same.
import asyncio
import json
import logging

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.route(route="hello", methods=["GET", "POST"])
def hello(req: func.HttpRequest) -> func.HttpResponse:
    name = req.params.get("name") or req.get_body().decode("utf-8") or "world"
    return func.HttpResponse(f"Hello, {name}!")


@app.route(route="echo/{category}/{id}", methods=["GET", "POST"])
def echo(req: func.HttpRequest) -> func.HttpResponse:
    seen = {
        "method": req.method,
        "query": dict(req.params),
        "headers": {key.lower(): value for key, value in req.headers.items()},
        "params": dict(req.route_params),
    }
    return func.HttpResponse(json.dumps(seen), mimetype="application/json")


@app.route(route="body", methods=["POST"])
def body(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(req.get_body(), mimetype="application/octet-stream")


@app.route(route="respond", methods=["GET"])
def respond(req: func.HttpRequest) -> func.HttpResponse:
    # The Python library has no cookie list: the cookie travels as a Set-Cookie header.
    headers = {"x-kit": "yes", "Set-Cookie": "kit=1; Path=/; HttpOnly"}
    return func.HttpResponse("created", status_code=201, headers=headers)


@app.route(route="fail", methods=["GET", "POST"])
def fail(req: func.HttpRequest) -> func.HttpResponse:
    raise RuntimeError("kit failure")


@app.route(route="logs", methods=["GET"])
def logs(req: func.HttpRequest) -> func.HttpResponse:
    logging.info("kit log 1")
    logging.warning("kit log 2")
    return func.HttpResponse("logged")


@app.route(route="slow", methods=["GET"])
async def slow(req: func.HttpRequest) -> func.HttpResponse:
    await asyncio.sleep(int(req.params.get("ms") or "1000") / 1000)
    return func.HttpResponse("done")


@app.timer_trigger(schedule="0 0 0 1 1 *", arg_name="timer", run_on_startup=False)
def timer(timer: func.TimerRequest) -> None:
    logging.info(f"timer ran, isPastDue={str(timer.past_due).lower()}")


@app.queue_trigger(arg_name="item", queue_name="kit-items", connection="AzureWebJobsStorage")
def queue(item: func.QueueMessage) -> None:
    logging.info(f"queue got {item.get_body().decode('utf-8')} dequeueCount={item.dequeue_count}")
