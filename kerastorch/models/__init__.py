"""keras.models: Model, Sequential and Functional."""

from kerastorch.models.functional import Functional
from kerastorch.models.model import Model
from kerastorch.models.sequential import Sequential
from kerastorch.saving.saving_api import load_model
from kerastorch.saving.saving_api import save_model
from kerastorch.models.cloning import clone_model
from kerastorch.models.cloning import model_from_json
