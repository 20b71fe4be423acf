"""An MLP classifier: Dense/relu/softmax on the bundled 8x8 digits, with adam, sparse categorical crossentropy,
a validation split, evaluate, and predict + argmax.

    python examples/mlp_classifier.py [--quick]

Prints `result: test_accuracy=<float>` last.
"""

import argparse
import os

import numpy as np

import kerastorch as keras


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)

    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data()
    # Pixels are 0-16: scale to [0, 1] and flatten each 8x8 image into 64 features.
    x_train = x_train.reshape(-1, 64).astype("float32") / 16.0
    x_test = x_test.reshape(-1, 64).astype("float32") / 16.0

    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.summary()
    model.fit(x_train, y_train, epochs=5 if args.quick else 30, batch_size=32, validation_split=0.2, verbose=2)

    test_loss, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    predicted = np.argmax(model.predict(x_test[:10], verbose=0), axis=-1)
    print("predicted:", predicted.tolist())
    print("actual:   ", y_test[:10].tolist())
    print(f"result: test_accuracy={test_accuracy:.4f} test_loss={test_loss:.4f}")


if __name__ == "__main__":
    main()
