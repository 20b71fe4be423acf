"""The Keras version kerastorch implements, as `keras.version()` reports it."""

# The Keras release whose public API and file formats kerastorch follows (the `.keras` archives it writes record
# the same number). kerastorch's own package version is `kerastorch.__version__`.
KERAS_VERSION = "3.15.1"


def version():
    """The Keras version kerastorch is compatible with ("3.15.1"), so scripts that check
    `keras.version()` for Keras 3 features take their Keras 3 path."""
    return KERAS_VERSION
