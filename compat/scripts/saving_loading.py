"""Saving and loading: .keras archives (with a custom registered layer), .weights.h5, get_config/from_config,
model_from_json, clone_model."""
import os
import tempfile

import numpy as np
import keras


@keras.saving.register_keras_serializable(package="corpus")
class Scale(keras.layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.bias = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="bias")

    def call(self, inputs):
        return inputs * self.factor + self.bias

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


keras.utils.set_random_seed(16)
rng = np.random.default_rng(16)
x = rng.normal(size=(32, 4)).astype("float32")
y = rng.normal(size=(32, 2)).astype("float32")
inputs = keras.Input((4,), name="x")
outputs = keras.layers.Dense(2, name="out")(Scale(0.5, name="scale")(keras.layers.Dense(3, name="hidden")(inputs)))
model = keras.Model(inputs, outputs, name="saved")
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
folder = tempfile.mkdtemp()
path = os.path.join(folder, "model.keras")
model.save(path)
restored = keras.models.load_model(path)
print("restored", restored.name, [layer.name for layer in restored.layers], type(restored.layers[2]).__name__)
print("same_predictions", np.allclose(model.predict(x, verbose=0), restored.predict(x, verbose=0), atol=1e-6))
print("continue", " ".join(f"{v:.6f}" for v in restored.fit(x, y, epochs=2, batch_size=8, shuffle=False,
                                                             verbose=0).history["loss"]))
print("original", " ".join(f"{v:.6f}" for v in model.fit(x, y, epochs=2, batch_size=8, shuffle=False,
                                                          verbose=0).history["loss"]))
model.save_weights(os.path.join(folder, "w.weights.h5"))
clone = keras.models.clone_model(model)
clone.load_weights(os.path.join(folder, "w.weights.h5"))
print("clone_equal", all(np.array_equal(a, b) for a, b in zip(clone.get_weights(), model.get_weights())))
config = model.get_config()
print("config_keys", sorted(config), [layer["class_name"] for layer in config["layers"]])
rebuilt = keras.Model.from_config(config, custom_objects={"Scale": Scale})
print("rebuilt_params", rebuilt.count_params(), model.count_params())
from_json = keras.models.model_from_json(model.to_json())
print("from_json_layers", len(from_json.layers))
seq = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
seq_config = seq.get_config()
print("sequential_config", [layer["class_name"] for layer in seq_config["layers"]],
      keras.Sequential.from_config(seq_config).count_params())
