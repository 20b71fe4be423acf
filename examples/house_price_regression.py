"""House-price regression: one linear output trained with mean squared error, inputs standardized by a
`Normalization` layer adapted to the training data, mean absolute error as the metric.

The houses are synthetic (rooms, area, age, distance to the centre, price in $1000s) so the example runs
offline; `keras.datasets.boston_housing.load_data()` would give the classic set (a download).

    python examples/house_price_regression.py [--quick]

Prints `result: test_mae=<float> baseline_mae=<float>` last (baseline: always predicting the mean price).
"""

import argparse
import os

import numpy as np

import kerastorch as keras
from kerastorch import layers


def make_houses(count, rng):
    rooms = rng.integers(1, 8, count)
    area = rooms * 25 + rng.normal(0, 15, count)
    age = rng.uniform(0, 80, count)
    distance = rng.uniform(0.5, 30, count)
    price = 40 + 18 * rooms + 0.9 * area - 0.6 * age - 3.0 * distance + rng.normal(0, 8, count)
    features = np.stack([rooms, area, age, distance], axis=1).astype("float32")
    return features, price.astype("float32")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_train, y_train = make_houses(800, rng)
    x_test, y_test = make_houses(200, rng)

    normalizer = layers.Normalization()
    normalizer.adapt(x_train)  # learns each feature's mean and variance
    model = keras.Sequential([
        keras.Input(shape=(4,)),
        normalizer,
        layers.Dense(32, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(1),  # linear: a price, not a probability
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse", metrics=["mae"])
    model.fit(x_train, y_train, batch_size=32, epochs=15 if args.quick else 100, validation_split=0.2, verbose=0)
    _, test_mae = model.evaluate(x_test, y_test, verbose=0)
    baseline_mae = float(np.mean(np.abs(y_test - y_train.mean())))
    predicted = model.predict(x_test[:3], verbose=0)[:, 0]
    print("first predictions:", [round(float(v), 1) for v in predicted], "actual:", [round(float(v), 1) for v in y_test[:3]])
    print(f"result: test_mae={test_mae:.3f} baseline_mae={baseline_mae:.3f}")


if __name__ == "__main__":
    main()
