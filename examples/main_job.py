"""The main job: train a digit classifier offline with the Keras API on kerastorch.

The data ship with kerastorch (`keras.datasets.digits`: 1,797 8x8 handwritten digits), so this runs on a
fresh machine without a network. It trains a small MLP with Keras's progress bars, evaluates it on held-out
images, checks the accuracy, and saves the model. About 10 seconds of CPU time.
"""

import os
import sys

import kerastorch as keras

TARGET_ACCURACY = 0.95


def main(output_dir="."):
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data(test_split=0.2, seed=0)
    # Pixels are counts 0..16: scale to [0, 1] so Adam's default step suits the inputs.
    x_train = x_train.reshape(len(x_train), 64).astype("float32") / 16.0
    x_test = x_test.reshape(len(x_test), 64).astype("float32") / 16.0
    print(f"train: {x_train.shape}, test: {x_test.shape}")

    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="digits_mlp")
    model.summary()
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=64, epochs=20, validation_split=0.1)

    loss, accuracy = model.evaluate(x_test, y_test, verbose=1)
    print(f"test loss: {loss:.4f}")
    print(f"test accuracy: {accuracy:.4f}")
    if accuracy < TARGET_ACCURACY:
        sys.exit(f"test accuracy {accuracy:.4f} is below the target {TARGET_ACCURACY}")

    path = os.path.join(output_dir, "digits.keras")
    model.save(path)
    print(f"saved: {path}")


if __name__ == "__main__":
    main(*sys.argv[1:2])
