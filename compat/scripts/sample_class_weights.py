"""sample_weight and class_weight in fit/evaluate, validation_data with weights, train/test/predict_on_batch."""
import numpy as np
import keras

keras.utils.set_random_seed(25)
rng = np.random.default_rng(25)
x = rng.normal(size=(60, 4)).astype("float32")
y = (x[:, 0] > 0.5).astype("int32")
weights = rng.uniform(0.5, 2.0, size=60).astype("float32")


def make():
    keras.utils.set_random_seed(25)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], weighted_metrics=["accuracy"])
    return model


model = make()
h = model.fit(x, y, sample_weight=weights, batch_size=15, epochs=2, shuffle=False, verbose=0,
              validation_data=(x[:20], y[:20], weights[:20]))
for key in sorted(h.history):
    print("sample_weight", key, " ".join(f"{v:.6f}" for v in h.history[key]))
model = make()
h = model.fit(x, y, class_weight={0: 1.0, 1: 3.0}, batch_size=15, epochs=2, shuffle=False, verbose=0)
print("class_weight", " ".join(f"{v:.6f}" for v in h.history["loss"]))
print("evaluate_weighted", " ".join(f"{v:.6f}" for v in model.evaluate(x, y, sample_weight=weights, verbose=0)))
print("train_on_batch", " ".join(f"{v:.6f}" for v in model.train_on_batch(x[:10], y[:10])))
print("test_on_batch", " ".join(f"{v:.6f}" for v in model.test_on_batch(x[:10], y[:10], sample_weight=weights[:10])))
print("predict_on_batch", " ".join(f"{v:.6f}" for v in model.predict_on_batch(x[:2]).ravel()))
