"""Step 3: (statement, topic) -> stance probabilities (favor / against / none)."""

from stancekit.stances._io import UnsafeModelFileError
from stancekit.stances.model import StanceModel
from stancekit.stances.options import TrainingOptions

__all__ = ["StanceModel", "TrainingOptions", "UnsafeModelFileError"]
