"""Global configuration, read the keras.json way.

On import the file `$KERAS_HOME/keras.json` (default `~/.keras/keras.json`, or `/tmp/.keras` when the home
folder is not writable) is read; when it is missing and the folder is writable it is written with the
defaults, as Keras does. A broken file never breaks `import kerastorch`: it is reported once and the defaults
are used. Values set through the API are validated and rejected with a ValueError listing what is allowed.

Precedence, lowest to highest: defaults, keras.json, environment variables (`KERAS_BACKEND`,
`KERASTORCH_DEVICE`), calls to the setters below.
"""

import json
import os
import warnings

ALLOWED_FLOATX = ("float16", "bfloat16", "float32", "float64")
ALLOWED_DATA_FORMATS = ("channels_last", "channels_first")
BACKEND = "torch"

_DEFAULTS = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "backend": BACKEND,
    "image_data_format": "channels_last",
}

_state = dict(_DEFAULTS)
_state["device"] = None  # None: CUDA when available, else CPU (resolved lazily by backend.device).


def floatx():
    """The default float type, as a string (`"float32"` unless configured)."""
    return _state["floatx"]


def set_floatx(value):
    """Sets the default float type: one of float16, bfloat16, float32, float64."""
    value = str(value)
    if value not in ALLOWED_FLOATX:
        raise ValueError(f"Unknown `floatx` value. Expected one of {ALLOWED_FLOATX}. Received: floatx={value}")
    _state["floatx"] = value


def epsilon():
    """The fuzz factor used in numeric expressions (`1e-7` unless configured)."""
    return _state["epsilon"]


def set_epsilon(value):
    """Sets the fuzz factor used in numeric expressions."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"`epsilon` must be a non-negative float. Received: epsilon={value!r}")
    _state["epsilon"] = float(value)


def image_data_format():
    """The default image data format: `"channels_last"` or `"channels_first"`."""
    return _state["image_data_format"]


def set_image_data_format(data_format):
    """Sets the default image data format: `"channels_last"` or `"channels_first"`."""
    data_format = str(data_format).lower()
    if data_format not in ALLOWED_DATA_FORMATS:
        raise ValueError(
            f"Unknown `image_data_format` value. Expected one of {ALLOWED_DATA_FORMATS}. "
            f"Received: data_format={data_format}"
        )
    _state["image_data_format"] = data_format


def standardize_data_format(data_format):
    """Resolves a layer's `data_format` argument: None means the configured default."""
    if data_format is None:
        return image_data_format()
    return _checked_data_format(data_format)


def _checked_data_format(data_format):
    value = str(data_format).lower()
    if value not in ALLOWED_DATA_FORMATS:
        raise ValueError(
            f"The `data_format` argument must be one of {ALLOWED_DATA_FORMATS}. Received: data_format={data_format}"
        )
    return value


def backend():
    """The name of the backend. kerastorch has exactly one: `"torch"`."""
    return BACKEND


# Keras's three-valued flag: None (the default, and what `enable_flash_attention` sets) lets the attention
# layers use torch's flash kernel where it applies; False keeps them off it. Not a keras.json key, so it lives
# apart from `_state`, which `load()` resets.
_flash_attention = {"enabled": None}


def enable_flash_attention():
    """Lets the attention layers (`MultiHeadAttention`, `GroupedQueryAttention`) use torch's flash attention
    kernel in their fused path, the default. torch picks it only for inputs it supports (on CUDA: float16 or
    bfloat16, no mask); otherwise another fused kernel runs."""
    _flash_attention["enabled"] = None


def disable_flash_attention():
    """Keeps attention layers created from now on off torch's flash attention kernel: their fused path runs on
    torch's other scaled-dot-product kernels (memory-efficient, cuDNN or the math one)."""
    _flash_attention["enabled"] = False


def is_flash_attention_enabled():
    """`False` after `disable_flash_attention()`; otherwise `None`, which means enabled (as in Keras)."""
    return _flash_attention["enabled"]


# Limits on `fit` for quick debugging runs (`KERAS_MAX_EPOCHS` / `KERAS_MAX_STEPS_PER_EPOCH`, read at import):
# not keras.json keys, so they live apart from `_state`, which `load()` resets.
_run_limits = {
    "max_epochs": int(os.environ["KERAS_MAX_EPOCHS"]) if os.environ.get("KERAS_MAX_EPOCHS") else None,
    "max_steps_per_epoch": (int(os.environ["KERAS_MAX_STEPS_PER_EPOCH"])
                            if os.environ.get("KERAS_MAX_STEPS_PER_EPOCH") else None),
}


def set_max_epochs(max_epochs):
    """Caps the epochs of every `fit` at `max_epochs` (None: no cap), with a warning when it cuts a run short.
    For debugging; also set by the `KERAS_MAX_EPOCHS` environment variable."""
    _run_limits["max_epochs"] = max_epochs


def max_epochs():
    """The cap `set_max_epochs` (or `KERAS_MAX_EPOCHS`) put on `fit`'s epochs, or None."""
    return _run_limits["max_epochs"]


def set_max_steps_per_epoch(max_steps_per_epoch):
    """Caps the batches of each epoch of `fit`, `evaluate` and `predict` (None: no cap), with a warning. For
    debugging; also set by the `KERAS_MAX_STEPS_PER_EPOCH` environment variable."""
    _run_limits["max_steps_per_epoch"] = max_steps_per_epoch


def max_steps_per_epoch():
    """The cap `set_max_steps_per_epoch` (or `KERAS_MAX_STEPS_PER_EPOCH`) put on steps per epoch, or None."""
    return _run_limits["max_steps_per_epoch"]


def keras_home():
    """The folder holding keras.json and the dataset cache."""
    return _keras_dir()


def _keras_dir():
    if "KERAS_HOME" in os.environ:
        return os.path.expanduser(os.environ["KERAS_HOME"])
    base = os.path.expanduser("~")
    if not os.access(base, os.W_OK):
        base = "/tmp"
    return os.path.join(base, ".keras")


def config_path():
    """The path of the keras.json file in use."""
    return os.path.join(_keras_dir(), "keras.json")


def _check_env_backend():
    name = os.environ.get("KERAS_BACKEND")
    if name and name != BACKEND:
        raise ValueError(
            "kerastorch runs only on the torch backend, but the environment variable KERAS_BACKEND asks for "
            f"another one. Unset it or set it to 'torch'. Received: KERAS_BACKEND={name}"
        )


def _apply_file(path, config):
    """Applies the keys of a parsed keras.json, warning (never raising) about each bad value."""
    if not isinstance(config, dict):
        warnings.warn(f"{path} does not hold a JSON object; using the default configuration.", stacklevel=3)
        return
    setters = {
        "floatx": set_floatx,
        "epsilon": set_epsilon,
        "image_data_format": set_image_data_format,
        "device": _set_device_unchecked,
    }
    for key, setter in setters.items():
        if key in config:
            try:
                setter(config[key])
            except (ValueError, TypeError) as error:
                warnings.warn(f"Ignoring key '{key}' of {path}: {error}", stacklevel=3)
    name = config.get("backend", BACKEND)
    if name != BACKEND:
        warnings.warn(
            f"{path} names the backend '{name}'; kerastorch always runs on torch and carries on with it.",
            stacklevel=3,
        )


def _set_device_unchecked(value):
    if value is not None and not isinstance(value, str):
        raise TypeError(f"`device` must be a string such as 'cpu' or 'cuda:0'. Received: device={value!r}")
    _state["device"] = value


def _write_defaults(folder, path):
    try:
        os.makedirs(folder, exist_ok=True)
        # Written to a temporary name then renamed: two processes importing at once never see half a file.
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            f.write(json.dumps(_DEFAULTS, indent=4))
        os.replace(tmp, path)
    except OSError:
        pass  # A read-only home is fine: the defaults are in effect either way.


def load():
    """Resets the configuration from defaults, keras.json and the environment (run once at import)."""
    _state.clear()
    _state.update(_DEFAULTS, device=None)
    _check_env_backend()
    folder, path = _keras_dir(), config_path()
    if os.path.exists(path):
        try:
            with open(path) as f:
                parsed = json.load(f)
        except (OSError, ValueError) as error:
            warnings.warn(f"Could not read {path} ({error}); using the default configuration.", stacklevel=2)
        else:
            _apply_file(path, parsed)
    else:
        _write_defaults(folder, path)
    if os.environ.get("KERASTORCH_DEVICE"):
        _state["device"] = os.environ["KERASTORCH_DEVICE"]
