"""The classic MNIST beginner recipe: Flatten(input_shape=(28, 28)) -> Dense(128, relu) -> Dense(10) logits,
trained with `SparseCategoricalCrossentropy(from_logits=True)`, then `model.add(Softmax())` for probabilities.

It trains offline on the bundled digits, each 8x8 image upsampled to 28x28 (every pixel repeated 3x3, then a
2-pixel border), so it looks like MNIST to the model. With real MNIST you would write
`keras.datasets.mnist.load_data()` instead (a download).

    python examples/mnist_recipe.py [--quick]

Prints `result: test_accuracy=<float> probabilities_sum_to_one=True` last.
"""

import argparse
import os

import numpy as np

import kerastorch as keras


def load_digits_as_28x28():
    (x_train, y_train), (x_test, y_test) = keras.datasets.digits.load_data()

    def upsample(images):
        images = np.repeat(np.repeat(images, 3, axis=1), 3, axis=2)  # 8x8 -> 24x24
        images = np.pad(images, ((0, 0), (2, 2), (2, 2)))  # -> 28x28
        return images.astype("float32") / 16.0

    return (upsample(x_train), y_train), (upsample(x_test), y_test)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = load_digits_as_28x28()

    model = keras.models.Sequential([
        keras.layers.Flatten(input_shape=(28, 28)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10),
    ])
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    model.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=3 if args.quick else 10, verbose=2)
    _, test_accuracy = model.evaluate(x_test, y_test, verbose=2)

    # The trained model outputs logits; appending a Softmax layer turns them into probabilities.
    model.add(keras.layers.Softmax())
    probabilities = model.predict(x_test[:5], verbose=0)
    sums_to_one = bool(np.allclose(probabilities.sum(axis=-1), 1.0, atol=1e-5))
    print("first predictions:", np.argmax(probabilities, axis=-1).tolist(), "labels:", y_test[:5].tolist())
    print(f"result: test_accuracy={test_accuracy:.4f} probabilities_sum_to_one={sums_to_one}")


if __name__ == "__main__":
    main()
