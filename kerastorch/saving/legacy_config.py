"""Keras 2 configs (tf.keras `.h5` files) rewritten into the Keras 3 form kerastorch deserializes.

Keras 2 wrote objects as `{"class_name", "config"}` without a module, spelled a few arguments differently
(`batch_input_shape`, `axis=[3]`, dtype policies named `Policy`), kept arguments Keras 3 dropped
(`time_major`, `implementation`, `input_length`, BatchNormalization's `fused` / `renorm`), stored lambdas as
`[code, defaults, closure]` lists, and named optimizers `"Custom>Adam"` and compiled metrics by function
(`MeanMetricWrapper` with `fn="mean_absolute_error"`). `translate` rewrites all of it; arguments that would
change the model's numbers if dropped (`time_major=True`, `renorm=True`) are errors, not silently ignored.
"""

import importlib

# Public kerastorch namespaces and the Keras module name their objects are serialized under.
_NAMESPACES = (
    ("kerastorch.layers", "keras.layers"),
    ("kerastorch.models", "keras"),
    ("kerastorch.initializers", "keras.initializers"),
    ("kerastorch.regularizers", "keras.regularizers"),
    ("kerastorch.constraints", "keras.constraints"),
    ("kerastorch.optimizers", "keras.optimizers"),
    ("kerastorch.optimizers.schedules", "keras.optimizers.schedules"),
    ("kerastorch.losses", "keras.losses"),
    ("kerastorch.metrics", "keras.metrics"),
)
_RENAMED_CLASSES = {"Model": "Functional", "Policy": "DTypePolicy"}
_RNN_LAYERS = {"LSTM", "GRU", "SimpleRNN", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
               "LSTMCell", "GRUCell", "SimpleRNNCell"}
_LAMBDA_DROPPED = ("module", "function_type", "output_shape_type", "output_shape_module")
_OPTIMIZER_DROPPED = ("jit_compile", "is_legacy_optimizer")


def _module_for(class_name, preferred=None):
    order = list(_NAMESPACES)
    if preferred:
        order.sort(key=lambda item: item[1] != preferred)
    for package, public in order:
        module = importlib.import_module(package)
        if hasattr(module, class_name):
            return public
    return None


def translate(obj, preferred_module=None):
    """A Keras 3 style copy of the Keras 2 object description `obj` (nested dicts and lists)."""
    if isinstance(obj, list):
        return [translate(x, preferred_module) for x in obj]
    if not isinstance(obj, dict):
        return obj
    if "class_name" not in obj or "config" not in obj:
        return {key: translate(value, preferred_module) for key, value in obj.items()}
    class_name = obj["class_name"]
    if isinstance(class_name, str) and class_name.startswith("Custom>"):
        stripped = class_name[len("Custom>"):]
        if _module_for(stripped, "keras.optimizers"):
            class_name = stripped
    class_name = _RENAMED_CLASSES.get(class_name, class_name)
    config = obj["config"]
    if class_name == "DTypePolicy" and isinstance(config, dict):
        return config.get("name", "float32")
    if isinstance(config, dict):
        config = _translate_config(class_name, dict(config))
    result = {key: value for key, value in obj.items() if key not in ("class_name", "config")}
    result["class_name"] = class_name
    result["config"] = config
    if "module" not in obj and "registered_name" not in obj:
        module = _module_for(class_name, preferred_module)
        result["module"] = module
        result["registered_name"] = None if module else class_name
    for key in ("inbound_nodes",):
        if key in obj:
            result[key] = obj[key]
    return result


def _translate_config(class_name, config):
    for key, value in list(config.items()):
        if isinstance(value, dict) and "class_name" in value and "config" in value:
            config[key] = translate(value)
        elif key == "layers" and isinstance(value, list):
            config[key] = [translate(layer, "keras.layers") for layer in value]
        elif key in ("layer", "backward_layer", "cell") and isinstance(value, dict):
            config[key] = translate(value, "keras.layers")
        elif key == "cells" and isinstance(value, list):
            config[key] = [translate(cell, "keras.layers") for cell in value]
    dtype = config.get("dtype")
    if isinstance(dtype, dict) and dtype.get("class_name") in ("Policy", "DTypePolicy"):
        config["dtype"] = dtype.get("config", {}).get("name", "float32")
    if class_name == "InputLayer":
        if "batch_input_shape" in config:
            config["batch_shape"] = config.pop("batch_input_shape")
        if "input_shape" in config and "batch_shape" not in config and "shape" not in config:
            config["batch_shape"] = config.pop("input_shape")
    axis = config.get("axis")
    if isinstance(axis, list) and len(axis) == 1:
        config["axis"] = int(axis[0])
    if class_name in _RNN_LAYERS:
        if config.pop("time_major", False):
            raise ValueError(
                f"The Keras 2 {class_name} layer '{config.get('name')}' was saved with `time_major=True`, which "
                "Keras 3 does not support (inputs are batch-major). Received: time_major=True"
            )
        config.pop("implementation", None)
    if class_name.startswith(("DepthwiseConv", "SeparableConv")) and config.get("groups", 1) == 1:
        config.pop("groups", None)
    if class_name == "Embedding":
        config.pop("input_length", None)
        config.pop("sparse", None) if config.get("sparse") is False else None
    if class_name == "BatchNormalization":
        _drop_if_default(config, class_name, {"fused": None, "renorm": False, "renorm_clipping": None,
                                              "renorm_momentum": 0.99, "virtual_batch_size": None,
                                              "adjustment": None, "synchronized": False}, lenient=("fused",))
    if class_name == "Lambda":
        for key in _LAMBDA_DROPPED:
            config.pop(key, None)
        for key in ("function", "output_shape"):
            value = config.get(key)
            if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
                config[key] = {"class_name": "__lambda__",
                               "config": {"code": value[0], "defaults": value[1], "closure": value[2]}}
    if _module_for(class_name) == "keras.optimizers":
        for key in _OPTIMIZER_DROPPED:
            config.pop(key, None)
        if not config.get("decay"):
            config.pop("decay", None)
    if config.get("reduction") == "auto":
        config["reduction"] = "sum_over_batch_size"
    return config


def _drop_if_default(config, class_name, defaults, lenient=()):
    for key, default in defaults.items():
        if key not in config:
            continue
        value = config.pop(key)
        if value != default and key not in lenient:
            raise ValueError(
                f"The Keras 2 {class_name} layer '{config.get('name')}' uses `{key}={value!r}`, which Keras 3 "
                f"does not support. Received: {key}={value!r}"
            )


def translate_metrics(metrics):
    """Keras 2 compiled metrics: names stay names; `MeanMetricWrapper(fn=...)` becomes the function name."""
    if metrics is None:
        return None
    if isinstance(metrics, list):
        return [translate_metrics(m) for m in metrics]
    if isinstance(metrics, dict) and "class_name" not in metrics:
        return {key: translate_metrics(value) for key, value in metrics.items()}
    if isinstance(metrics, dict):
        config = metrics.get("config") or {}
        if metrics["class_name"] == "MeanMetricWrapper":
            # "accuracy" resolves to the right accuracy for the loss, as when it was compiled.
            if config.get("name") in ("accuracy", "acc", "crossentropy", "ce"):
                return config["name"]
            return config.get("fn") or config.get("name")
        return translate(metrics, "keras.metrics")
    return metrics


def translate_loss(loss):
    if isinstance(loss, list):
        return [translate_loss(x) for x in loss]
    if isinstance(loss, dict) and "class_name" not in loss:
        return {key: translate_loss(value) for key, value in loss.items()}
    if isinstance(loss, dict):
        config = loss.get("config") or {}
        if loss["class_name"] == "LossFunctionWrapper" and config.get("fn"):
            return config["fn"]
        return translate(loss, "keras.losses")
    return loss
