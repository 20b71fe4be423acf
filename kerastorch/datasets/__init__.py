"""keras.datasets: the classic small datasets, downloaded once and cached under $KERAS_HOME/datasets, plus
`digits`, which ships with kerastorch for offline use."""

from kerastorch.datasets import boston_housing
from kerastorch.datasets import california_housing
from kerastorch.datasets import cifar10
from kerastorch.datasets import cifar100
from kerastorch.datasets import digits
from kerastorch.datasets import fashion_mnist
from kerastorch.datasets import imdb
from kerastorch.datasets import mnist
from kerastorch.datasets import reuters
