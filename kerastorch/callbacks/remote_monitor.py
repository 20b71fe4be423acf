"""`RemoteMonitor`: POSTs each epoch's logs to an HTTP server."""

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings

import numpy as np

from kerastorch.callbacks.callback import Callback


class RemoteMonitor(Callback):
    """Sends `{"epoch": epoch, **logs}` to `root + path` with an HTTP POST at the end of every epoch.

    The request is the one Keras sends: a form with the JSON text under `field`, or with
    `send_as_json=True` a JSON body (`application/json`). It uses the standard library, so `requests` is not
    needed. An unreachable server warns and training goes on.

    Args:
        root: Root URL of the server. Defaults to `"http://localhost:9000"`.
        path: Path under `root` the events go to. Defaults to `"/publish/epoch/end/"`.
        field: The form field holding the JSON (form requests only). Defaults to `"data"`.
        headers: Optional dict of extra HTTP headers.
        send_as_json: Send a JSON body instead of a form. Defaults to `False`.
    """

    def __init__(self, root="http://localhost:9000", path="/publish/epoch/end/", field="data", headers=None,
                 send_as_json=False):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        send = {"epoch": epoch}
        for key, value in (logs or {}).items():
            send[key] = value.item() if isinstance(value, (np.ndarray, np.generic)) else value
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(send).encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(send)}).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(self.root + self.path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
        except urllib.error.HTTPError:
            pass  # the server answered; an error status is its business, as with `requests` in Keras
        except (urllib.error.URLError, OSError):
            warnings.warn(f"Could not reach RemoteMonitor root server at {self.root}", stacklevel=2)
