"""`text_dataset_from_directory`: a folder of `.txt` files (one sub-folder per class) as batches of strings."""

import numpy as np
import torch

from kerastorch.utils import dataset_utils


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, batch_size=32,
                                max_length=None, shuffle=True, seed=None, validation_split=None, subset=None,
                                follow_links=False, format="tf", verbose=True):
    """Generates batches of texts from the `.txt` files in a directory.

    Args:
        directory: The folder; with `labels="inferred"`, one sub-folder per class.
        labels: "inferred", None (texts only), or a list of integer labels in the sorted order of the files.
        label_mode: "int", "categorical", "binary" or None.
        class_names: With inferred labels, the sub-folders to use, in the order that numbers them.
        batch_size: Texts per batch; None gives single texts.
        max_length: Keep at most this many characters of each text.
        shuffle: Shuffle the files (NumPy's RandomState(seed), as Keras).
        seed: The shuffle's seed; required with `validation_split` and `shuffle`.
        validation_split: Fraction of the files kept for validation.
        subset: "training", "validation" or "both".
        follow_links: Follow symbolic links to sub-folders.
        format: "tf" or "grain" in Keras; accepted, the result is torch's.
        verbose: Print how many files and classes were found.

    Returns:
        A `torch.utils.data.DataLoader` of `(texts, labels)` batches, texts as a NumPy array of `str`, with
        `class_names` and `file_paths` attributes; a tuple of two with `subset="both"`.
    """
    labels, label_mode = dataset_utils.check_label_mode(labels, label_mode, class_names)
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    paths, label_values, class_names = dataset_utils.index_directory(
        directory, labels, formats=(".txt",), class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 class_names. '
                         f"Received: class_names={class_names}")

    def read(path):
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        return text[:max_length] if max_length is not None else text

    def build(subset_paths, subset_labels):
        encoded = None if label_mode is None else dataset_utils.encode_labels(subset_labels, label_mode,
                                                                              len(class_names))

        def make_batch(indices, unbatched):
            texts = np.array([read(subset_paths[i]) for i in indices], dtype=str)
            if unbatched:
                texts = texts[0]
            if encoded is None:
                return texts
            batch_labels = encoded[torch.as_tensor(np.asarray(indices, dtype="int64"))]
            return texts, batch_labels[0] if unbatched else batch_labels

        return dataset_utils.batches_loader(np.arange(len(subset_paths)), batch_size, make_batch,
                                            class_names=class_names, file_paths=list(subset_paths))

    if subset == "both":
        return tuple(build(*dataset_utils.get_training_or_validation_split(paths, label_values, validation_split, part))
                     for part in ("training", "validation"))
    return build(*dataset_utils.get_training_or_validation_split(paths, label_values, validation_split, subset))
