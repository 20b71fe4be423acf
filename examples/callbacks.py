"""Callbacks: `EarlyStopping` stops when the validation loss stops improving (and restores the best weights),
`ModelCheckpoint` keeps the best model seen so far in a .keras file, and `TensorBoard` writes logs to view
with `tensorboard --logdir <dir>` (skipped with a note when the `tensorboard` package is missing).

The data is a small noisy problem with a large model, so validation loss turns upward and training stops
early.

    python examples/callbacks.py [OUTPUT_DIR] [--quick]

Prints `result: stopped_epoch=<int> best_val_loss=<float> checkpoint_val_loss=<float>` last; the two losses
match because the checkpoint holds the best model.
"""

import argparse
import importlib.util
import os
import tempfile

import numpy as np

import kerastorch as keras
from kerastorch import layers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output_dir", nargs="?", default=None, help="where the checkpoint and logs go")
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="fewer epochs at most, for tests")
    args = parser.parse_args()
    output_dir = args.output_dir or tempfile.mkdtemp(prefix="kerastorch-callbacks-")
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(240, 10)).astype("float32")
    y = (x[:, :1] * 2.0 + rng.normal(0, 1.0, size=(240, 1))).astype("float32")  # noisy: overfits quickly

    model = keras.Sequential([keras.Input(shape=(10,)), layers.Dense(128, activation="relu"),
                              layers.Dense(128, activation="relu"), layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")

    checkpoint_path = os.path.join(output_dir, "best.keras")
    callbacks = [
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True, verbose=1),
        keras.callbacks.ModelCheckpoint(checkpoint_path, monitor="val_loss", save_best_only=True, verbose=1),
    ]
    if importlib.util.find_spec("tensorboard") is not None:
        callbacks.append(keras.callbacks.TensorBoard(log_dir=os.path.join(output_dir, "logs")))
    else:
        print("note: the `tensorboard` package is not installed; skipping the TensorBoard callback")

    history = model.fit(x, y, batch_size=16, epochs=30 if args.quick else 100, validation_split=0.25,
                        callbacks=callbacks, verbose=2, shuffle=False)
    best_val_loss = min(history.history["val_loss"])
    validation = (x[180:], y[180:])  # the split fit used: the last 25%, unshuffled
    checkpoint_val_loss = keras.models.load_model(checkpoint_path).evaluate(*validation, verbose=0)
    restored_val_loss = model.evaluate(*validation, verbose=0)  # restore_best_weights put the best back
    print(f"epochs run: {len(history.history['loss'])}, restored model val_loss: {restored_val_loss:.4f}")
    if importlib.util.find_spec("tensorboard") is not None:
        print("tensorboard logs:", sorted(os.listdir(os.path.join(output_dir, "logs"))))
    print(f"result: stopped_epoch={len(history.history['loss'])} best_val_loss={best_val_loss:.4f} "
          f"checkpoint_val_loss={checkpoint_val_loss:.4f}")


if __name__ == "__main__":
    main()
