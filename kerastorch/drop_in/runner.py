"""`kerastorch run script.py [args]`: run a Keras script unmodified, with the import shims active."""

import os
import runpy
import sys

from kerastorch.drop_in.import_hook import install_shims


def run_script(path, argv=()):
    """Runs `path` as `__main__` with `sys.argv = [path, *argv]` and kerastorch answering Keras imports."""
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No script to run at {path!r}. Received: path={path!r}")
    install_shims()
    sys.argv = [path, *argv]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    runpy.run_path(path, run_name="__main__")
