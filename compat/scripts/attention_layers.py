"""Attention layers: MultiHeadAttention (with masks and scores), Attention, AdditiveAttention."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(9)
rng = np.random.default_rng(9)
q = rng.normal(size=(2, 4, 8)).astype("float32")
v = rng.normal(size=(2, 5, 8)).astype("float32")
mask = np.ones((2, 4, 5), dtype="bool")
mask[:, :, -1] = False

mha = layers.MultiHeadAttention(num_heads=2, key_dim=4)
out, scores = mha(q, v, attention_mask=mask, return_attention_scores=True)
out, scores = keras.ops.convert_to_numpy(out), keras.ops.convert_to_numpy(scores)
print("mha", out.shape, scores.shape, f"{out.sum():.6f} {scores[0, 0, 0, -1]:.6f} {scores[0, 0, 0, 0]:.6f}")
print("mha_weights", [tuple(w.shape) for w in mha.weights])
causal = keras.ops.convert_to_numpy(layers.MultiHeadAttention(1, 8)(q, q, use_causal_mask=True))
print("mha_causal", f"{causal.sum():.6f} {causal.ravel()[0]:.6f}")
att = keras.ops.convert_to_numpy(layers.Attention()([q, v]))
print("dot_attention", att.shape, f"{att.sum():.6f}")
add = keras.ops.convert_to_numpy(layers.AdditiveAttention()([q, v]))
print("additive_attention", add.shape, f"{add.sum():.6f}")

inputs = keras.Input(shape=(4, 8))
x = layers.MultiHeadAttention(num_heads=2, key_dim=4)(inputs, inputs)
x = layers.LayerNormalization()(x + inputs)
outputs = layers.Dense(1)(layers.GlobalAveragePooling1D()(x))
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
history = model.fit(q, np.array([[1.0], [-1.0]], "float32"), epochs=3, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
