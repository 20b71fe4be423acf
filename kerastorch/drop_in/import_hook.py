"""An import hook that answers `keras`, `tensorflow.keras`, `tf_keras` (and their submodules) with kerastorch.

Installed only for one `kerastorch run` process, or by an explicit `install_shims()` call (for notebooks):
nothing is installed on disk, so the real packages stay importable everywhere else. `tensorflow` itself
becomes a stand-in module whose only working attribute is `keras`; anything else a script reaches for
(`tf.data`, `tf.function`, `tf.GradientTape`, ...) raises an error naming the symbol.
"""

import importlib
import importlib.abc
import importlib.util
import sys
import types

# Roots answered by kerastorch: `<root>.<sub>` imports `kerastorch.<sub>`.
_KERAS_ROOTS = ("keras", "tensorflow.keras", "tf_keras", "tensorflow.python.keras")


def _target_for(fullname):
    """The kerastorch module that answers `fullname`, or None when the name is not ours."""
    for root in _KERAS_ROOTS:
        if fullname == root:
            return "kerastorch"
        if fullname.startswith(root + "."):
            rest = fullname[len(root) + 1:]
            if rest == "src" or rest.startswith("src."):
                rest = rest[4:]  # `keras.src.layers` is Keras's private spelling of `keras.layers`
            return "kerastorch" + ("." + rest if rest else "")
    return None


class TensorFlowStandIn(types.ModuleType):
    """`tensorflow` for a script run on kerastorch: `tf.keras` works, every other attribute explains why not."""

    def __init__(self):
        super().__init__("tensorflow")
        import kerastorch

        self.keras = kerastorch
        self.__version__ = "2.16.0-kerastorch"
        self.__path__ = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(
            f"This script uses `tensorflow.{name}`, which is TensorFlow beyond tf.keras. kerastorch runs the Keras "
            "API on PyTorch without TensorFlow, so only `tf.keras` is available. Replace it with its Keras or torch "
            f"equivalent (e.g. keras.ops, keras.random, a torch DataLoader). Received: tensorflow.{name}"
        )


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        if self.target is None:
            return TensorFlowStandIn()
        return importlib.import_module(self.target)

    def exec_module(self, module):
        pass


class KerastorchFinder(importlib.abc.MetaPathFinder):
    """Finds `keras...`, `tensorflow...` and `tf_keras...` imports before the real packages are looked for."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "tensorflow":
            return importlib.util.spec_from_loader(fullname, _AliasLoader(None), is_package=True)
        mapped = _target_for(fullname)
        if mapped is None:
            if fullname.startswith("tensorflow."):
                raise ModuleNotFoundError(
                    f"This script imports `{fullname}`, which is TensorFlow beyond tf.keras; kerastorch provides only "
                    f"`tensorflow.keras`. Received: {fullname}",
                    name=fullname,
                )
            return None
        if importlib.util.find_spec(mapped) is None:
            raise ModuleNotFoundError(
                f"`{fullname}` has no kerastorch counterpart (looked for `{mapped}`). Received: {fullname}", name=fullname
            )
        return importlib.util.spec_from_loader(fullname, _AliasLoader(mapped), is_package=True)


_finder = KerastorchFinder()


def install_shims():
    """Makes `import keras`, `import tensorflow as tf; tf.keras` and friends resolve to kerastorch in this
    process. Modules already imported under those names are replaced."""
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    for name in list(sys.modules):
        if name == "tensorflow" or _target_for(name) is not None:
            del sys.modules[name]


def uninstall_shims():
    """Undoes `install_shims` for later imports (modules already aliased stay until removed from sys.modules)."""
    if _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    for name in list(sys.modules):
        module = sys.modules[name]
        if name == "tensorflow" or (_target_for(name) is not None and getattr(module, "__name__", "").startswith("kerastorch")):
            del sys.modules[name]
