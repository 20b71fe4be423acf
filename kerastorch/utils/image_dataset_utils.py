"""`image_dataset_from_directory`: a folder of images (one sub-folder per class) as batches for `fit`.

Images are decoded with Pillow, an optional dependency (`pip install kerastorch[images]`), and resized with
torch's interpolation. Batches are `(images, labels)` with images float32 in `[0, 255]`, shaped
`(batch, height, width, channels)` for "channels_last" (or channels first), as Keras yields them.
"""

import numpy as np
import torch

from kerastorch.utils import dataset_utils

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}
_PIL_MODES = {"grayscale": "L", "rgb": "RGB", "rgba": "RGBA"}
_TORCH_MODES = {"bilinear": "bilinear", "nearest": "nearest", "bicubic": "bicubic", "area": "area"}


def _pillow():
    try:
        from PIL import Image
    except ImportError as error:
        raise ImportError(
            "Reading images requires Pillow. Install it with `pip install pillow` (or `pip install "
            "kerastorch[images]`)."
        ) from error
    return Image


def load_image(path, color_mode="rgb", image_size=None, interpolation="bilinear", crop_to_aspect_ratio=False,
               pad_to_aspect_ratio=False):
    """One image file as a float32 `(height, width, channels)` tensor, resized to `image_size` if given."""
    image = _pillow().open(path)
    image = image.convert(_PIL_MODES[color_mode])
    array = np.asarray(image, dtype="float32")
    if array.ndim == 2:
        array = array[:, :, None]
    tensor = torch.from_numpy(array.copy())
    if image_size is None:
        return tensor
    return _resize(tensor, image_size, interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio)


def _resize(image, size, interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio):
    height, width = int(image.shape[0]), int(image.shape[1])
    target_h, target_w = size
    if crop_to_aspect_ratio:
        # The largest centered window with the target's aspect ratio.
        crop_h = min(height, int(width * target_h / target_w))
        crop_w = min(width, int(height * target_w / target_h))
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        image = image[top:top + crop_h, left:left + crop_w]
    elif pad_to_aspect_ratio:
        pad_h = max(height, int(width * target_h / target_w))
        pad_w = max(width, int(height * target_w / target_h))
        top, left = (pad_h - height) // 2, (pad_w - width) // 2
        canvas = torch.zeros((pad_h, pad_w, image.shape[2]), dtype=image.dtype)
        canvas[top:top + height, left:left + width] = image
        image = canvas
    if tuple(image.shape[:2]) == (target_h, target_w):
        return image
    mode = _TORCH_MODES.get(interpolation, "bilinear")
    chw = image.permute(2, 0, 1).unsqueeze(0)
    kwargs = {"antialias": True} if mode in ("bilinear", "bicubic") else {}
    if mode in ("bilinear", "bicubic"):
        kwargs["align_corners"] = False
    resized = torch.nn.functional.interpolate(chw, size=(target_h, target_w), mode=mode, **kwargs)
    return resized[0].permute(1, 2, 0)


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, color_mode="rgb",
                                 batch_size=32, image_size=(256, 256), shuffle=True, seed=None, validation_split=None,
                                 subset=None, interpolation="bilinear", follow_links=False, crop_to_aspect_ratio=False,
                                 pad_to_aspect_ratio=False, data_format=None, format="tf", verbose=True):
    """Generates batches of images from the image files in a directory.

    With `labels="inferred"`, `directory` holds one sub-folder per class (`main/cat/*.png`,
    `main/dog/*.png`), and classes are numbered in sorted sub-folder order (or `class_names` order).

    Args:
        directory: The folder of images.
        labels: "inferred", None (images only), or a list of integer labels in the sorted order of the files.
        label_mode: "int", "categorical" (one-hot float32), "binary" (float32 0/1) or None (no labels).
        class_names: With inferred labels, the sub-folders to use, in the order that numbers them.
        color_mode: "grayscale", "rgb" or "rgba": 1, 3 or 4 channels.
        batch_size: Images per batch; None gives single images.
        image_size: `(height, width)` every image is resized to.
        shuffle: Shuffle the files (NumPy's RandomState(seed), as Keras).
        seed: The shuffle's seed; required with `validation_split` and `shuffle`.
        validation_split: Fraction of the files kept for validation (the last ones after shuffling).
        subset: "training", "validation" or "both" (a tuple of the two) with `validation_split`.
        interpolation: "bilinear", "nearest", "bicubic" or "area".
        follow_links: Follow symbolic links to sub-folders.
        crop_to_aspect_ratio: Center-crop to the target aspect ratio before resizing.
        pad_to_aspect_ratio: Pad (with zeros) to the target aspect ratio before resizing.
        data_format: "channels_last" or "channels_first"; defaults to `keras.config.image_data_format()`.
        format: "tf" or "grain" in Keras; accepted, the result is torch's.
        verbose: Print how many files and classes were found.

    Returns:
        A `torch.utils.data.DataLoader` of `(images, labels)` batches (images alone without labels), with
        `class_names` and `file_paths` attributes; a tuple of two with `subset="both"`.
    """
    from kerastorch.backend import config

    if color_mode not in _CHANNELS:
        raise ValueError(f'`color_mode` must be one of {{"rgb", "rgba", "grayscale"}}. Received: color_mode={color_mode}')
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("Only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be set to `True`. "
                         f"Received: crop_to_aspect_ratio={crop_to_aspect_ratio}, "
                         f"pad_to_aspect_ratio={pad_to_aspect_ratio}")
    if interpolation not in _TORCH_MODES and interpolation not in ("lanczos3", "lanczos5", "gaussian", "mitchellcubic"):
        raise ValueError(f"Invalid `interpolation`. Expected one of {sorted(_TORCH_MODES)}. "
                         f"Received: interpolation={interpolation}")
    image_size = tuple(image_size)
    if len(image_size) != 2:
        raise ValueError(f"`image_size` must be a tuple of 2 integers (height, width). Received: image_size={image_size}")
    data_format = config.standardize_data_format(data_format)
    labels, label_mode = dataset_utils.check_label_mode(labels, label_mode, class_names)
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    if seed is None:
        seed = np.random.randint(1e6)
    _pillow()  # fail before indexing when images cannot be decoded
    paths, label_values, class_names = dataset_utils.index_directory(
        directory, labels, formats=ALLOWLIST_FORMATS, class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError('When passing `label_mode="binary"`, there must be exactly 2 class_names. '
                         f"Received: class_names={class_names}")

    def build(subset_paths, subset_labels):
        if not subset_paths:
            raise ValueError(f"No images found in directory {directory}. Allowed formats: {ALLOWLIST_FORMATS}")
        encoded = None if label_mode is None else dataset_utils.encode_labels(subset_labels, label_mode,
                                                                              len(class_names))

        def make_batch(indices, unbatched):
            images = torch.stack([
                load_image(subset_paths[i], color_mode, image_size, interpolation, crop_to_aspect_ratio,
                           pad_to_aspect_ratio) for i in indices])
            if data_format == "channels_first":
                images = images.permute(0, 3, 1, 2)
            if unbatched:
                images = images[0]
            if encoded is None:
                return images
            batch_labels = encoded[torch.as_tensor(np.asarray(indices, dtype="int64"))]
            return images, batch_labels[0] if unbatched else batch_labels

        return dataset_utils.batches_loader(np.arange(len(subset_paths)), batch_size, make_batch,
                                            class_names=class_names, file_paths=list(subset_paths))

    if subset == "both":
        return tuple(build(*dataset_utils.get_training_or_validation_split(paths, label_values, validation_split, part))
                     for part in ("training", "validation"))
    return build(*dataset_utils.get_training_or_validation_split(paths, label_values, validation_split, subset))
