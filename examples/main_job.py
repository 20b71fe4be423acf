"""The main job: build a classifier with the Keras API on kerastorch and run it on synthetic data.

Until the training issue lands, this builds the model, prints its summary and checks a forward pass; it
will train on an embedded dataset once `fit` exists.
"""

import numpy as np

import kerastorch as keras


def main():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((64,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.summary()
    x = np.random.default_rng(0).normal(size=(32, 64)).astype("float32")
    probabilities = model(x).detach().cpu().numpy()
    print("forward pass:", probabilities.shape, "rows sum to 1:", bool(np.allclose(probabilities.sum(1), 1, atol=1e-5)))


if __name__ == "__main__":
    main()
