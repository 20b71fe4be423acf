import http.server
import json
import threading
import urllib.parse

import pytest

import kerastorch as keras
from tests.callbacks.conftest import make_model


@pytest.fixture
def server():
    received = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append((self.path, self.headers["Content-Type"], self.headers.get("X-Run"), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", received
    httpd.shutdown()
    httpd.server_close()


def test_posts_each_epoch_as_a_form(server, data):
    root, received = server
    x, y = data
    history = make_model().fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.RemoteMonitor(root=root)])
    assert [r[0] for r in received] == ["/publish/epoch/end/"] * 2
    assert received[0][1] == "application/x-www-form-urlencoded"
    sent = json.loads(urllib.parse.parse_qs(received[1][3])["data"][0])
    assert sent == {"epoch": 1, "loss": history.history["loss"][1], "mae": history.history["mae"][1]}


def test_posts_json_with_headers(server, data):
    root, received = server
    x, y = data
    monitor = keras.callbacks.RemoteMonitor(root=root, path="/p", send_as_json=True, headers={"X-Run": "7"})
    make_model().fit(x, y, epochs=1, verbose=0, callbacks=[monitor])
    path, content_type, run, body = received[0]
    assert (path, content_type, run) == ("/p", "application/json", "7")
    assert set(json.loads(body)) == {"epoch", "loss", "mae"}


def test_unreachable_server_warns(data):
    x, y = data
    monitor = keras.callbacks.RemoteMonitor(root="http://127.0.0.1:9")
    with pytest.warns(UserWarning, match="Could not reach RemoteMonitor root server at http://127.0.0.1:9"):
        make_model().fit(x, y, epochs=1, verbose=0, callbacks=[monitor])
