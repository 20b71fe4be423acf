"""`split_dataset`, and what the `*_dataset_from_*` helpers share: indexing a folder of class sub-folders,
training / validation subsets, label encodings, and datasets of whole batches.

Where Keras returns a `tf.data.Dataset`, kerastorch returns a `torch.utils.data.DataLoader` whose items are
whole batches (`batch_size=None`), so `len()` gives the number of batches, iterating gives tuples of
tensors, and `fit` consumes it directly. No TensorFlow is involved.
"""

import os

import numpy as np
import torch


def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None, preferred_backend=None):
    """Splits a dataset into a left and a right part, as torch `Dataset`s (Keras's torch-backend result).

    Args:
        dataset: A NumPy array, a list / tuple of arrays with the same first dimension, or a torch `Dataset`.
        left_size: Samples in the left part: a float in (0, 1) is a fraction of the total, an int a count;
            None means the complement of `right_size`.
        right_size: The same for the right part.
        shuffle: Whether to shuffle the samples before splitting.
        seed: The shuffle's seed (a torch Generator's seed, as Keras uses).
        preferred_backend: Accepted for compatibility: the result is always made of torch datasets.

    Returns:
        A tuple `(left, right)` of `torch.utils.data.Subset`s; each item is a tuple of tensors.
    """
    from torch.utils.data import Subset, TensorDataset

    if isinstance(dataset, np.ndarray):
        dataset = TensorDataset(torch.from_numpy(dataset))
    elif isinstance(dataset, (list, tuple)):
        if not dataset or not all(isinstance(part, (np.ndarray, torch.Tensor)) for part in dataset):
            raise TypeError("The `dataset` argument must be a `torch.utils.data.Dataset` object, or a list/tuple of "
                            f"arrays. Received: dataset of type {type(dataset).__name__}")
        dataset = TensorDataset(*[torch.as_tensor(part) for part in dataset])
    elif isinstance(dataset, torch.Tensor):
        dataset = TensorDataset(dataset)
    elif not isinstance(dataset, torch.utils.data.Dataset):
        raise TypeError("The `dataset` argument must be a `torch.utils.data.Dataset` object, or a list/tuple of "
                        f"arrays. Received: dataset={dataset} of type {type(dataset)}")
    if left_size is None and right_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. "
                         "Received: left_size=None and right_size=None")
    total = len(dataset)
    left_size, right_size = _rescale_split_sizes(left_size, right_size, total)
    if not shuffle:
        # In order, as the `shuffle` argument promises (Keras on torch draws a random split even here).
        return Subset(dataset, range(left_size)), Subset(dataset, range(left_size, left_size + right_size))
    generator = torch.Generator()
    if seed is not None:
        generator.manual_seed(seed)
    else:
        generator.seed()
    # The permutation torch's random_split draws (so a seed splits as in Keras), also when the two parts
    # leave samples out, which random_split refuses.
    order = torch.randperm(total, generator=generator).tolist()
    return Subset(dataset, order[:left_size]), Subset(dataset, order[left_size:left_size + right_size])


def _rescale_split_sizes(left_size, right_size, total):
    """Both split sizes as sample counts, with Keras's validation rules and messages."""
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is not None and type(size) not in (int, float):
            raise TypeError(f"Invalid `{name}` Type. Expected: int or float or None. Received: type({name})={type(size)}")
    if left_size == 0 and right_size == 0:
        raise ValueError("Both `left_size` and `right_size` are zero. At least one of the split sizes must be "
                         "non-zero. Received: left_size=0 and right_size=0")
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if (type(size) is int and (size <= 0 or size >= total)) or (type(size) is float and (size <= 0 or size >= 1)):
            raise ValueError(f"`{name}` should be either a positive integer smaller than {total}, or a float within "
                             f"the range `[0, 1]`. Received: {name}={size}")
    if type(left_size) is float and type(right_size) is float and left_size + right_size > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must be less than or equal "
                         f"to 1. Received: left_size={left_size}, right_size={right_size}")
    left = round(left_size * total) if type(left_size) is float else left_size
    right = round(right_size * total) if type(right_size) is float else right_size
    if left is None:
        left = total - right
    elif right is None:
        right = total - left
    if left + right > total:
        raise ValueError(f"The sum of `left_size` and `right_size` should be smaller than the {total}. "
                         f"Received: left_size + right_size = {left + right} and total_length = {total}")
    for split, side in ((left, "left"), (right, "right")):
        if split == 0:
            raise ValueError(f"With `dataset` of length={total}, `left_size`={left} and `right_size`={right}. "
                             f"Resulting {side} side dataset split will be empty. Adjust any of the aforementioned "
                             "parameters")
    return int(left), int(right)


class BatchDataset(torch.utils.data.Dataset):
    """A map-style dataset whose item `i` is batch `i`, built by `make_batch(indices)` over `order`.

    Wrapped in a `DataLoader(batch_dataset, batch_size=None)`, it gives Keras's dataset-of-batches.
    """

    def __init__(self, order, batch_size, make_batch):
        self.order = np.asarray(order)
        self.batch_size = batch_size
        self.make_batch = make_batch

    def __len__(self):
        if self.batch_size is None:
            return len(self.order)
        return -(-len(self.order) // self.batch_size)

    def __getitem__(self, index):
        if not 0 <= index < len(self):
            raise IndexError(f"Batch index out of range. Received: index={index} for {len(self)} batches")
        if self.batch_size is None:
            return self.make_batch(self.order[index:index + 1], unbatched=True)
        return self.make_batch(self.order[index * self.batch_size:(index + 1) * self.batch_size], unbatched=False)


def batches_loader(order, batch_size, make_batch, **attributes):
    """A DataLoader over `BatchDataset(order, batch_size, make_batch)`, carrying `attributes` (class_names...)."""
    loader = torch.utils.data.DataLoader(BatchDataset(order, batch_size, make_batch), batch_size=None)
    for name, value in attributes.items():
        setattr(loader, name, value)
    return loader


def check_validation_split_arg(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely. "
                         f"Received: validation_split={validation_split}, subset={subset!r}")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f'`subset` must be either "training", "validation" or "both", received: {subset}')
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide a `seed` argument, "
                         "to make sure that there is no overlap between the training and validation subset. "
                         "Received: seed=None")


def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None, follow_links=False,
                    verbose=True):
    """File paths, integer labels and class names of the files in `directory` ending with one of `formats`.

    With `labels="inferred"`, each sub-folder (sorted by name, or in `class_names` order) is a class. Shuffling
    uses NumPy's RandomState(seed) on paths and labels separately, as Keras does, so the same seed gives the
    same order as Keras.
    """
    if labels == "inferred":
        subdirs = [name for name in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, name)) and not name.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(set(subdirs)):
                raise ValueError("The `class_names` passed did not match the names of the subdirectories of the "
                                 f"target directory. Expected: {subdirs} (or a subset of it), but received: "
                                 f"class_names={class_names}")
            subdirs = list(class_names)
    else:
        if class_names is not None:
            if labels is None:
                raise ValueError("When `labels=None` (no labels), argument `class_names` cannot be specified. "
                                 f"Received: class_names={class_names}")
            raise ValueError("When argument `labels` is specified, argument `class_names` cannot be specified (the "
                             f"`class_names` will be the sorted list of labels). Received: class_names={class_names}")
        subdirs = [""]
    class_names = subdirs if labels == "inferred" else None
    filenames, inferred = [], []
    for index, subdir in enumerate(subdirs):
        folder = os.path.join(directory, subdir)
        for root, _, files in sorted(os.walk(folder, followlinks=follow_links), key=lambda entry: entry[0]):
            for name in sorted(files):
                if name.lower().endswith(formats):
                    filenames.append(os.path.relpath(os.path.join(root, name), directory))
                    inferred.append(index)
    if labels == "inferred":
        labels = np.array(inferred, dtype="int32")
    elif labels is not None:
        if len(labels) != len(filenames):
            raise ValueError("Expected the lengths of `labels` to match the number of files in the target directory. "
                             f"len(labels) is {len(labels)} while we found {len(filenames)} files in directory "
                             f"{directory}.")
        labels = np.asarray(labels)
        class_names = [str(label) for label in sorted(set(labels.tolist()))]
    if verbose:
        if labels is None:
            print(f"Found {len(filenames)} files.")
        else:
            print(f"Found {len(filenames)} files belonging to {len(class_names)} classes.")
    paths = [os.path.join(directory, name) for name in filenames]
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            np.random.RandomState(seed).shuffle(labels)
    return paths, labels, class_names


def get_training_or_validation_split(samples, labels, validation_split, subset):
    """The training part (all but the last `validation_split` fraction) or the validation part."""
    if not validation_split:
        return samples, labels
    num_val = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - num_val} files for training.")
        return samples[:-num_val], None if labels is None else labels[:-num_val]
    if subset == "validation":
        print(f"Using {num_val} files for validation.")
        return samples[-num_val:], None if labels is None else labels[-num_val:]
    raise ValueError(f'`subset` must be either "training" or "validation", received: {subset}')


def encode_labels(labels, label_mode, num_classes):
    """Labels as Keras yields them: "int" int32, "binary" float32 `(n, 1)`, "categorical" float32 one-hot."""
    labels = torch.as_tensor(np.asarray(labels, dtype="int64"))
    if label_mode == "int":
        return labels.to(torch.int32)
    if label_mode == "binary":
        return labels.to(torch.float32).unsqueeze(-1)
    if label_mode == "categorical":
        return torch.nn.functional.one_hot(labels, num_classes).to(torch.float32)
    raise ValueError(f'`label_mode` argument must be one of "int", "categorical", "binary", or None. '
                     f"Received: label_mode={label_mode}")


def check_label_mode(labels, label_mode, class_names):
    """Keras's checks on `labels` / `label_mode` before indexing a directory."""
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` argument should be a list/tuple of integer labels, of the same size as the "
                             "number of files in the target directory. If you wish to infer the labels from the "
                             "subdirectory names in the target directory, pass `labels='inferred'`. If you wish to "
                             f"get a dataset that only contains images (no labels), pass `labels=None`. Received: "
                             f"labels={labels}")
        if class_names:
            raise ValueError("You can only pass `class_names` if `labels='inferred'`. Received: "
                             f"labels={labels}, and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or None. '
                         f"Received: label_mode={label_mode}")
    if labels is None or label_mode is None:
        return None, None
    return labels, label_mode
