"""keras.preprocessing.image: loading, saving, converting and resizing single images."""

from kerastorch.utils.image_utils import array_to_img
from kerastorch.utils.image_utils import img_to_array
from kerastorch.utils.image_utils import load_img
from kerastorch.utils.image_utils import save_img
from kerastorch.utils.image_utils import smart_resize
