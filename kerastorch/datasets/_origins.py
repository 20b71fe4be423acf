"""Where the datasets are downloaded from: Keras's URLs.

Loaders read these module attributes at call time, so a mirror (or a local test server) is used by
assigning them, e.g. `kerastorch.datasets._origins.KERAS_DATASETS = "http://127.0.0.1:8000/"`.
"""

KERAS_DATASETS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
CIFAR = "https://www.cs.toronto.edu/~kriz/"
