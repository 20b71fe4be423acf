"""Embedding with mask_zero feeding LSTM and a masked GlobalAveragePooling1D; Masking on dense inputs."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)
tokens = rng.integers(1, 30, size=(40, 9)).astype("int32")
for i, row in enumerate(tokens):
    row[: i % 5] = 0  # left padding
labels = (tokens[:, -1] > 15).astype("float32")

model = keras.Sequential([keras.Input(shape=(9,), dtype="int32"), layers.Embedding(30, 6, mask_zero=True),
                          layers.LSTM(5), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(tokens, labels, batch_size=10, epochs=3, shuffle=False, verbose=0)
print("loss", " ".join(f"{v:.6f}" for v in history.history["loss"]))
print("pred", " ".join(f"{v:.6f}" for v in model.predict(tokens[:4], verbose=0).ravel()))

emb = layers.Embedding(30, 4, mask_zero=True)
pooled = layers.GlobalAveragePooling1D()(emb(tokens[:3]), mask=emb.compute_mask(tokens[:3]))
print("masked_mean", " ".join(f"{v:.6f}" for v in keras.ops.convert_to_numpy(pooled).ravel()))
print("mask", keras.ops.convert_to_numpy(emb.compute_mask(tokens[:2])).astype(int).tolist())
dense = np.where(rng.uniform(size=(2, 5, 1)) > 0.5, 0.0, rng.normal(size=(2, 5, 3))).astype("float32")
masked = keras.Sequential([keras.Input(shape=(5, 3)), layers.Masking(0.0), layers.SimpleRNN(2)])
print("masking_rnn", " ".join(f"{v:.6f}" for v in masked.predict(dense, verbose=0).ravel()))
