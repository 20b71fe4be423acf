"""`kerastorch info`: what this installation runs with, for bug reports and set-up checks.

Prints the versions of kerastorch, torch and NumPy, the device new weights go to (and whether CUDA is
available), and the keras.json file in use with the values in effect (after environment overrides).
"""

import json
import os
import platform


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "info",
        help="show versions, the device in use and the keras.json configuration",
        description="Shows the kerastorch, torch and NumPy versions, the device in use and the configuration.",
    )
    parser.add_argument("--json", action="store_true", help="print the same facts as one JSON object")
    parser.set_defaults(handler=run)


def collect():
    """The facts `kerastorch info` prints, as a dict (JSON-serializable)."""
    import numpy
    import torch

    import kerastorch
    from kerastorch.backend import config
    from kerastorch.backend import device

    cuda = torch.cuda.is_available()
    path = config.config_path()
    return {
        "kerastorch": kerastorch.__version__,
        "torch": torch.__version__,
        "numpy": numpy.__version__,
        "python": platform.python_version(),
        "device": str(device.get_device()),
        "cuda_available": cuda,
        "cuda_devices": [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())] if cuda else [],
        "config_file": path,
        "config_file_exists": os.path.exists(path),
        "config": {
            "backend": config.backend(),
            "floatx": config.floatx(),
            "epsilon": config.epsilon(),
            "image_data_format": config.image_data_format(),
            "device": config._state.get("device"),
        },
        "environment": {name: os.environ[name] for name in ("KERAS_HOME", "KERAS_BACKEND", "KERASTORCH_DEVICE")
                        if name in os.environ},
    }


def format_info(facts):
    """The human-readable report: one `name: value` line per fact."""
    lines = [
        f"kerastorch: {facts['kerastorch']}",
        f"torch: {facts['torch']}",
        f"numpy: {facts['numpy']}",
        f"python: {facts['python']}",
        f"device: {facts['device']}",
        f"cuda available: {facts['cuda_available']}",
    ]
    lines += [f"cuda device {i}: {name}" for i, name in enumerate(facts["cuda_devices"])]
    state = "" if facts["config_file_exists"] else " (missing: defaults in use)"
    lines.append(f"config file: {facts['config_file']}{state}")
    for key, value in facts["config"].items():
        shown = "auto (cuda when available, else cpu)" if key == "device" and value is None else value
        lines.append(f"  {key}: {shown}")
    for name, value in facts["environment"].items():
        lines.append(f"env {name}: {value}")
    return "\n".join(lines)


def run(args):
    facts = collect()
    print(json.dumps(facts, indent=2) if args.json else format_info(facts))
    return 0
