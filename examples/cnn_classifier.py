"""A small convolutional network on the bundled 8x8 digits: Conv2D -> MaxPooling2D -> Conv2D -> Flatten ->
Dense softmax, images in Keras's channels_last layout `(batch, height, width, channels)`.

    python examples/cnn_classifier.py [--quick]

Prints `result: test_accuracy=<float>` last.
"""

import argparse
import os

import kerastorch as keras
from kerastorch import layers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)

    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data()
    x_train = x_train[..., None].astype("float32") / 16.0  # add the channels axis: (n, 8, 8, 1)
    x_test = x_test[..., None].astype("float32") / 16.0

    model = keras.Sequential([
        keras.Input(shape=(8, 8, 1)),
        layers.Conv2D(16, kernel_size=3, padding="same", activation="relu"),
        layers.MaxPooling2D(pool_size=2),
        layers.Conv2D(32, kernel_size=3, padding="same", activation="relu"),
        layers.Flatten(),
        layers.Dropout(0.25),
        layers.Dense(10, activation="softmax"),
    ])
    model.summary()
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=64, epochs=4 if args.quick else 15, validation_split=0.1, verbose=2)
    _, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"result: test_accuracy={test_accuracy:.4f}")


if __name__ == "__main__":
    main()
