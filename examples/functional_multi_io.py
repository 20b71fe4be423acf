"""A Functional model with two inputs and two outputs: support tickets described by a title (token ids) and a
few numeric features, from which the model predicts a priority score (regression) and a department
(classification), with a loss and metrics per output and loss weights.

The tickets are synthetic: the department follows from which range the title's tokens come from, the priority
from the numeric features.

    python examples/functional_multi_io.py [--quick]

Prints `result: department_accuracy=<float> priority_mae=<float>` last.
"""

import argparse
import os

import numpy as np

import kerastorch as keras
from kerastorch import layers

VOCABULARY, TITLE_LENGTH, FEATURES, DEPARTMENTS = 60, 8, 5, 3


def make_tickets(count, rng):
    departments = rng.integers(0, DEPARTMENTS, count)
    titles = 1 + departments[:, None] * 20 + rng.integers(0, 20, (count, TITLE_LENGTH))
    features = rng.normal(size=(count, FEATURES)).astype("float32")
    priority = 1 / (1 + np.exp(-(features[:, 0] - features[:, 1])))  # in [0, 1]
    return (titles.astype("int32"), features), (priority.astype("float32")[:, None], departments.astype("int32"))


def build_model():
    title = keras.Input(shape=(TITLE_LENGTH,), dtype="int32", name="title")
    features = keras.Input(shape=(FEATURES,), name="features")
    title_vector = layers.GlobalAveragePooling1D()(layers.Embedding(VOCABULARY + 1, 16)(title))
    merged = layers.concatenate([title_vector, layers.Dense(16, activation="relu")(features)])
    hidden = layers.Dense(32, activation="relu")(merged)
    priority = layers.Dense(1, activation="sigmoid", name="priority")(hidden)
    department = layers.Dense(DEPARTMENTS, activation="softmax", name="department")(hidden)
    return keras.Model(inputs=[title, features], outputs=[priority, department])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", default=bool(os.environ.get("KERASTORCH_EXAMPLES_QUICK")),
                        help="few epochs, for tests")
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    (titles, features), (priority, department) = make_tickets(1000, rng)
    (test_titles, test_features), (test_priority, test_department) = make_tickets(200, rng)

    model = build_model()
    model.summary()
    # Inputs and outputs given by name: the order of the lists does not matter.
    model.compile(
        optimizer=keras.optimizers.Adam(5e-3),
        loss={"priority": "mse", "department": "sparse_categorical_crossentropy"},
        loss_weights={"priority": 1.0, "department": 0.5},
        metrics={"priority": ["mae"], "department": ["accuracy"]},
    )
    model.fit({"title": titles, "features": features}, {"priority": priority, "department": department},
              batch_size=32, epochs=5 if args.quick else 20, verbose=2)
    scores = model.evaluate({"title": test_titles, "features": test_features},
                            {"priority": test_priority, "department": test_department}, verbose=0, return_dict=True)
    print("metrics:", {name: round(float(value), 4) for name, value in sorted(scores.items())})
    print(f"result: department_accuracy={scores['department_accuracy']:.4f} "
          f"priority_mae={scores['priority_mae']:.4f}")


if __name__ == "__main__":
    main()
