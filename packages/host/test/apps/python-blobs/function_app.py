import json

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


# Copies each blob and writes what the function saw of it, so a test can compare it with the real host's.
@app.blob_trigger(arg_name="blob", path="py-in/{name}", connection="AzureWebJobsStorage")
@app.blob_output(arg_name="copy", path="py-out/copies/{name}", connection="AzureWebJobsStorage")
@app.blob_output(arg_name="report", path="py-out/reports/{name}.json", connection="AzureWebJobsStorage")
def copy_blob(blob: func.InputStream, copy: func.Out[bytes], report: func.Out[str]) -> None:
    content = blob.read()
    copy.set(content)
    report.set(
        json.dumps(
            {
                "name": blob.name,
                "uri": blob.uri,
                "length": blob.length,
                "metadata": blob.metadata,
                "properties": blob.blob_properties,
                "read": len(content),
            }
        )
    )


@app.route(route="text/{name}")
@app.blob_input(arg_name="blob", path="py-read/{name}", connection="AzureWebJobsStorage")
def read_text(req: func.HttpRequest, blob: str) -> func.HttpResponse:
    return func.HttpResponse(json.dumps({"type": type(blob).__name__, "value": blob}), mimetype="application/json")


@app.route(route="bytes/{name}")
@app.blob_input(arg_name="blob", path="py-read/{name}", connection="AzureWebJobsStorage", data_type="BINARY")
def read_bytes(req: func.HttpRequest, blob: bytes) -> func.HttpResponse:
    value = list(blob) if blob is not None else None
    return func.HttpResponse(json.dumps({"type": type(blob).__name__, "value": value}), mimetype="application/json")


# A queue message names its output blob through a property of its JSON body.
@app.queue_trigger(arg_name="msg", queue_name="py-jobs", connection="AzureWebJobsStorage")
@app.blob_output(arg_name="out", path="py-out/jobs/{id}.txt", connection="AzureWebJobsStorage")
def job_to_blob(msg: func.QueueMessage, out: func.Out[str]) -> None:
    out.set(msg.get_json()["text"].upper())


# Event Grid delivers nothing to this host: the function must be in error, not silently never triggered.
@app.blob_trigger(
    arg_name="blob", path="py-grid/{name}", connection="AzureWebJobsStorage", source=func.BlobSource.EVENT_GRID
)
def from_event_grid(blob: func.InputStream) -> None:
    raise AssertionError("never triggered")
