"""Test session setup shared by tests/ and compat/.

Both kerastorch and the reference `keras` package read keras.json at import: point them at a private
KERAS_HOME so tests never read or write the user's own, and select the torch backend for the oracle.
"""

import os
import tempfile

os.environ["KERAS_HOME"] = tempfile.mkdtemp(prefix="kerastorch-test-home-")
os.environ["KERAS_BACKEND"] = "torch"
os.environ.setdefault("KERASTORCH_DEVICE", "cpu")
