"""An LSTM sentiment classifier: Embedding -> LSTM -> Dense(1, sigmoid), binary crossentropy.

The "reviews" are synthetic token sequences so the example runs offline: tokens 1-10 are positive words,
11-20 negative ones, the rest neutral, and a review is positive when it has more positive than negative
words. (With the real data: `keras.datasets.imdb.load_data(num_words=...)` and `pad_sequences`, a download.)

    python examples/lstm_sentiment.py [--quick]

Prints `result: test_accuracy=<float>` last.
"""

import argparse
import os

import numpy as np

import kerastorch as keras
from kerastorch import layers

VOCABULARY, LENGTH = 100, 20


def make_reviews(count, rng):
    tokens = rng.integers(21, VOCABULARY, size=(count, LENGTH))
    labels = rng.integers(0, 2, size=count)
    for row, label in zip(tokens, labels):
        # A few sentiment words, with the majority matching the label.
        majority, minority = rng.integers(3, 6), rng.integers(0, 3)
        good, bad = (majority, minority) if label else (minority, majority)
        spots = rng.choice(LENGTH, size=good + bad, replace=False)
        row[spots[:good]] = rng.integers(1, 11, size=good)
        row[spots[good:]] = rng.integers(11, 21, size=bad)
    # Reviews have different lengths: zero-pad the front, as pad_sequences does by default.
    for row in tokens:
        row[: rng.integers(0, 5)] = 0
    return tokens.astype("int32"), labels.astype("float32")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="fewer reviews and epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x_train, y_train = make_reviews(800 if args.quick else 3000, rng)
    x_test, y_test = make_reviews(300, rng)

    model = keras.Sequential([
        keras.Input(shape=(LENGTH,), dtype="int32"),
        layers.Embedding(VOCABULARY, 16, mask_zero=True),
        layers.LSTM(32),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=4 if args.quick else 8, validation_split=0.1, verbose=2)
    _, test_accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"result: test_accuracy={test_accuracy:.4f}")


if __name__ == "__main__":
    main()
