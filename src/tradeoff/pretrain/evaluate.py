"""Held-out loss: mean next-token cross-entropy over all tokens, and over the solution tokens alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tradeoff.pretrain.documents import Document, collate

EVAL_BATCH = 64


def held_out_losses(torch: Any, model: Any, docs: Sequence[Document], *, pad_id: int) -> tuple[float, float]:
    """(all-token loss, solution-token loss) in nats per predicted token; a token is predicted from the ones
    before it, so a document of T tokens has T − 1 targets, the solution's from its first token on."""
    total = answer = 0.0
    count = answer_count = 0
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(docs), EVAL_BATCH):
            chunk = docs[start : start + EVAL_BATCH]
            batch = {k: torch.tensor(v) for k, v in collate(chunk, pad_id=pad_id).items()}
            logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits[:, :-1]
            targets = batch["input_ids"][:, 1:]
            nll = torch.nn.functional.cross_entropy(logits.transpose(1, 2), targets, reduction="none")
            real = batch["attention_mask"][:, 1:].bool()
            positions = torch.arange(1, targets.shape[1] + 1).unsqueeze(0)
            starts = torch.tensor([d.answer_start for d in chunk]).unsqueeze(1)
            in_answer = real & (positions >= starts)
            total += float(nll[real].sum())
            count += int(real.sum())
            answer += float(nll[in_answer].sum())
            answer_count += int(in_answer.sum())
    return total / max(count, 1), answer / max(answer_count, 1)


__all__ = ["held_out_losses"]
