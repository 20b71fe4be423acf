"""Saving and reloading: `model.save("model.keras")` writes the architecture, weights and optimizer state in
Keras's format; `keras.models.load_model` brings it back, ready to predict or to keep training. Weights alone
go to `.weights.h5` with `save_weights` / `load_weights`.

    python examples/save_and_reload.py [OUTPUT_DIR] [--quick]

Prints `result: predictions_match=True weights_match=True resumed_loss=<float>` last.
"""

import argparse
import os
import tempfile

import numpy as np

import kerastorch as keras
from kerastorch import layers


def build_model():
    inputs = keras.Input(shape=(6,), name="features")
    hidden = layers.Dense(16, activation="relu", name="hidden")(inputs)
    outputs = layers.Dense(3, activation="softmax", name="scores")(hidden)
    return keras.Model(inputs, outputs, name="classifier")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir", nargs="?", default=None, help="where the files go")
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    output_dir = args.output_dir or tempfile.mkdtemp(prefix="kerastorch-saving-")
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 6)).astype("float32")
    y = np.argmax(x[:, :3], axis=1).astype("int32")

    model = build_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=3 if args.quick else 10, verbose=0)

    path = os.path.join(output_dir, "classifier.keras")
    model.save(path)
    restored = keras.models.load_model(path)
    predictions_match = bool(np.allclose(model.predict(x, verbose=0), restored.predict(x, verbose=0), atol=1e-6))
    print(f"saved {path} ({os.path.getsize(path)} bytes); restored '{restored.name}' with "
          f"{len(restored.layers)} layers")

    weights_path = os.path.join(output_dir, "classifier.weights.h5")
    model.save_weights(weights_path)
    fresh = build_model()
    fresh.load_weights(weights_path)
    weights_match = all(np.array_equal(a, b) for a, b in zip(model.get_weights(), fresh.get_weights()))

    # The restored model kept its optimizer state, so training resumes where it stopped.
    resumed = restored.fit(x, y, epochs=1, verbose=0).history["loss"][0]
    print(f"result: predictions_match={predictions_match} weights_match={weights_match} resumed_loss={resumed:.4f}")


if __name__ == "__main__":
    main()
