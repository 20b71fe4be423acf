"""`LazyModule`: a module imported on first attribute access, so `import kerastorch` stays fast and never
loads h5py, safetensors or tensorboard for a script that does not save or log."""

import importlib


class LazyModule:
    """Stands for module `name` until an attribute is read, then imports it once."""

    def __init__(self, name):
        self._name = name
        self._module = None

    def __getattr__(self, attribute):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)
