"""`Model.save`, `Model.save_weights`, `Model.load_weights` and `Model.compile_from_config`, as a mixin.

`Model` inherits `ModelSavingMixin`; the methods delegate to `keras.saving`, which picks the format from the
file name (and, when loading, from the file's contents).
"""


class ModelSavingMixin:
    """The saving methods of `keras.Model`."""

    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model (architecture, weights, optimizer state) to a `.keras` archive, or to the legacy
        HDF5 format for a `.h5` path (with a deprecation warning).

        Args:
            filepath: `str` or `pathlib.Path` ending in `.keras` (or `.h5`).
            overwrite: Whether to overwrite an existing file without asking.
            zipped: Whether to write a zip archive (default) or an unzipped folder.
        """
        from kerastorch.saving import saving_api

        return saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Saves the weights (and optimizer variables) to `.weights.h5` in Keras 3's layout, to
        `.safetensors`, or to a legacy `.h5` file."""
        from kerastorch.saving import saving_api

        return saving_api.save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights from `.weights.h5`, `.keras`, `.safetensors` or a legacy Keras 2 `.h5` file.

        Args:
            filepath: The weights file.
            skip_mismatch: Skip (with a warning) layers whose weights do not match, instead of raising.
            by_name: (legacy `.h5` only) Match layers by name rather than by position.
        """
        from kerastorch.saving import saving_api

        return saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def compile_from_config(self, config):
        """Compiles the model with the arguments saved by `get_compile_config()`, and builds the optimizer
        so that its saved state can be loaded."""
        from kerastorch.saving import keras_archive

        keras_archive.compile_from_config(self, config)
