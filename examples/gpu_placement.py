"""Device placement: kerastorch puts weights and batches on the GPU when CUDA is available, else on the CPU,
with no code change. `keras.config.device()` tells which; the `device` key of keras.json, the
KERASTORCH_DEVICE environment variable, or `keras.config.set_device("cpu")` override it, and
`keras.backend.device_scope("cpu")` creates weights on a chosen device for a block.

    python examples/gpu_placement.py [--quick]

Prints `result: device=<cuda|cpu> weights_on=<device> trained=True` last.
"""

import argparse
import os

import numpy as np
import torch

import kerastorch as keras


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)

    device = keras.config.device()
    if device.type == "cuda":
        print(f"running on the GPU: {torch.cuda.get_device_name(device)}")
    elif torch.cuda.is_available():
        print(f"CUDA is available, but the configuration asks for {device}; running there")
    else:
        print("CUDA is not available: running on the CPU")

    model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(1)])
    weights_on = model.layers[0].kernel.device
    print("first layer's kernel lives on:", weights_on)

    # NumPy data stays on the host; fit moves each batch to the weights' device (asynchronously on CUDA).
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1024, 20)).astype("float32")
    y = x.sum(axis=1, keepdims=True).astype("float32")
    model.compile(optimizer="adam", loss="mse")
    history = model.fit(x, y, batch_size=64, epochs=3 if args.quick else 20, verbose=0)
    trained = history.history["loss"][-1] < history.history["loss"][0]

    # A block whose weights go to the CPU whatever the default (e.g. a small model kept off the GPU).
    with keras.backend.device_scope("cpu"):
        cpu_layer = keras.layers.Dense(4)
        cpu_layer.build((None, 20))
    print("layer built in device_scope('cpu') lives on:", cpu_layer.kernel.device)
    print(f"result: device={device.type} weights_on={weights_on.type} trained={trained}")


if __name__ == "__main__":
    main()
