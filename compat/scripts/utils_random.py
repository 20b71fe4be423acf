"""keras.utils helpers and keras.random with seeds: to_categorical, pad_sequences, normalize, SeedGenerator."""
import numpy as np
import keras

print("to_categorical", keras.utils.to_categorical([0, 2, 1], 3).tolist())
print("pad_sequences", keras.utils.pad_sequences([[1, 2, 3], [4], [5, 6]], maxlen=4).tolist())
print("pad_post", keras.utils.pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post").tolist())
print("normalize", np.round(keras.utils.normalize(np.array([[3.0, 4.0]]), order=2), 6).tolist())
keras.utils.set_random_seed(27)
a = keras.ops.convert_to_numpy(keras.random.normal((2, 3), seed=1))
b = keras.ops.convert_to_numpy(keras.random.normal((2, 3), seed=1))
print("seeded_same", np.array_equal(a, b))
gen = keras.random.SeedGenerator(42)
u1 = keras.ops.convert_to_numpy(keras.random.uniform((3,), seed=gen))
u2 = keras.ops.convert_to_numpy(keras.random.uniform((3,), seed=gen))
print("generator_advances", not np.array_equal(u1, u2))
print("shapes", keras.random.randint((2, 2), 0, 5, seed=3).shape, keras.random.categorical(
    keras.ops.zeros((2, 4)), 5, seed=4).shape, keras.random.shuffle(keras.ops.arange(5), seed=5).shape)
dropped = keras.ops.convert_to_numpy(keras.random.dropout(keras.ops.ones((1000,)), 0.5, seed=6))
print("dropout_scale", sorted(set(np.round(dropped, 6).tolist())))
print("serialize_layer", keras.saving.serialize_keras_object(keras.layers.Dense(2))["class_name"])
print("get_file_exists", callable(keras.utils.get_file))
