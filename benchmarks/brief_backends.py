"""Brief backends on the same articles: latency and peak memory (transformers vs CTranslate2),
then quality (ROUGE, unsupported names/numbers) beside lead-3, our extractive baseline and the
SummEval BART/PEGASUS outputs, all scored by the same code (mtbrief.evaluation).

    python benchmarks/brief_backends.py --model small --docs 5
    python benchmarks/brief_backends.py --model default --docs 20 --json out.json
    python benchmarks/brief_backends.py --throughput --device cuda      # GPU: batched vs not
    python benchmarks/brief_backends.py --throughput --device cpu --arch tiny   # same, seconds

Each backend runs in its own process (so peak RSS is that backend's alone), loads the model once,
warms up on one article, then briefs each article on its own (batch size 1, as a user waits for
one brief).  ``generate_s`` is the first draft's generation; ``total_s`` the whole stage
(selection, generation, guard retries).  Figures depend on the machine's load: the script prints
the load average and the CPU count beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

SUMMEVAL = Path("/work/shared/data/dev/summeval/summeval_cnndm_100docs.jsonl")
# SummEval system ids (Fabbri et al. 2021): M0 lead-3, M17 T5, M22 BART, M23 PEGASUS.
SYSTEMS = {"M0": "lead-3 (SummEval)", "M17": "T5 (SummEval)", "M22": "BART (SummEval)",
           "M23": "PEGASUS (SummEval)"}


def load_docs(path: Path, n: int) -> list[dict]:
    from mtbrief.evaluation.text import detokenize_ptb

    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            docs.append({
                "id": r["id"],
                "article": detokenize_ptb(r["article"]),
                "refs": [detokenize_ptb(x) for x in r["reference_summaries"]],
                "systems": {s["system"]: detokenize_ptb(s["summary"])
                            for s in r["system_summaries"] if s["system"] in SYSTEMS},
            })
            if len(docs) >= n:
                break
    return docs


def worker(backend_name: str, model: str, docs: list[dict], max_words: int,
           threads: int = 0) -> dict:
    if threads:  # the same thread count for both backends (see --threads)
        import torch

        torch.set_num_threads(threads)
        os.environ["MTBRIEF_CT2_THREADS"] = str(threads)
    from mtbrief.brief.backends import load_backend
    from mtbrief.brief.pipeline import Briefer, BriefOptions
    from mtbrief.cleanup.pipeline import clean

    t0 = time.perf_counter()
    backend = load_backend(model, backend=backend_name, device="cpu")
    load_s = time.perf_counter() - t0
    briefer = Briefer(backend, BriefOptions.build(max_words=max_words))
    cleans = [clean(d["article"], lang="en") for d in docs]
    briefer.run(cleans[:1])  # warm-up
    rows = []
    for d, c in zip(docs, cleans, strict=True):
        t0 = time.perf_counter()
        r = briefer.run([c])[0]
        total = time.perf_counter() - t0
        prompt_tokens = backend.count_tokens([c.text])[0]
        draft = briefer.tidy(r.guard.drafts[0]) if r.guard.drafts else r.brief
        rows.append({"id": d["id"], "brief": r.brief, "draft": draft, "action": r.guard.action,
                     "attempts": r.guard.attempts, "generate_s": r.timings.get("generate", 0.0),
                     "total_s": total, "article_tokens": prompt_tokens,
                     "words": len(d["article"].split())})
    return {"backend": backend.label, "load_s": load_s, "rows": rows,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_worker(backend_name: str, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, __file__, "--worker", backend_name, "--model", args.model,
           "--docs", str(args.docs), "--max-words", str(args.max_words), "--data", str(args.data),
           "--threads", str(args.threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{backend_name} worker failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def quality(name: str, summaries: list[str], docs: list[dict]) -> dict:
    from mtbrief.brief.text import count_words
    from mtbrief.evaluation.faithfulness import unsupported_names_and_numbers
    from mtbrief.evaluation.rouge import rouge

    scores = {"rouge1": [], "rouge2": [], "rougeL": []}
    unsupported = 0
    for s, d in zip(summaries, docs, strict=True):
        for k, v in rouge(s, d["refs"], lang="en", stem=True).items():
            scores[k].append(v.fmeasure)
        unsupported += bool(unsupported_names_and_numbers(s, d["article"], "en"))
    return {"name": name, **{k: round(100 * statistics.mean(v), 1) for k, v in scores.items()},
            "words": round(statistics.mean(count_words(s) for s in summaries), 1),
            "unsupported_share": round(100 * unsupported / len(docs), 1)}


# Qwen2.5-1.5B(-Coder)-Instruct's architecture, for throughput runs with random weights (the real
# weights cannot be copied to a GPU machine); "tiny" checks the same code path in seconds on CPU.
ARCHS = {
    "qwen2.5-1.5b": {"hidden_size": 1536, "intermediate_size": 8960, "num_hidden_layers": 28,
                     "num_attention_heads": 12, "num_key_value_heads": 2, "vocab_size": 151936},
    "tiny": {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 512},
}


def throughput(args: argparse.Namespace) -> dict:
    """Briefs per second, batched vs unbatched, at a fixed prompt and output length, for plain
    transformers ``generate`` and for CTranslate2 (the brief stage's fast path), on one device.

    The model has the default model's architecture with random weights; every sequence is forced
    to generate exactly ``--new-tokens`` tokens, so all runs do the same work.
    """
    import tempfile

    import ctranslate2
    import torch
    from tokenizers import Tokenizer, models
    from transformers import AutoModelForCausalLM, PreTrainedTokenizerFast, Qwen2Config

    device = args.device
    dtype = torch.float16 if device == "cuda" else torch.float32
    torch.manual_seed(0)
    config = Qwen2Config(**ARCHS[args.arch], max_position_embeddings=32768,
                         tie_word_embeddings=True, bos_token_id=0, eos_token_id=1, pad_token_id=1)
    model = AutoModelForCausalLM.from_config(config, dtype=dtype).to(device).eval()
    vocab = config.vocab_size
    prompts = torch.randint(2, vocab, (max(args.batch_sizes), args.prompt_tokens))
    out: dict = {"arch": args.arch, "device": device, "prompt_tokens": args.prompt_tokens,
                 "new_tokens": args.new_tokens, "transformers": {}, "ctranslate2": {}}
    if device == "cuda":
        out["card"] = torch.cuda.get_device_name(0)

    def timed(fn) -> float:
        fn()  # warm-up (kernels, allocator)
        if device == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        fn()
        if device == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - t0

    def record(engine: str, b: int, seconds: float) -> None:
        step_ms = 1000 * seconds / args.new_tokens
        out[engine][b] = {"seconds": round(seconds, 3), "briefs_per_s": round(b / seconds, 2),
                          "ms_per_step": round(step_ms, 2)}
        print(f"{engine:<13} batch {b:>4}: {b / seconds:8.2f} briefs/s ({step_ms:.1f} ms/step)",
              flush=True)

    for b in args.batch_sizes:
        ids = prompts[:b].to(device)

        def hf_generate(ids=ids) -> None:
            with torch.inference_mode():
                model.generate(ids, attention_mask=torch.ones_like(ids),
                               max_new_tokens=args.new_tokens, min_new_tokens=args.new_tokens,
                               do_sample=False, pad_token_id=1)

        record("transformers", b, timed(hf_generate))
    with tempfile.TemporaryDirectory() as tmp:
        hf_dir, ct2_dir = Path(tmp) / "hf", Path(tmp) / "ct2"
        model.to("cpu").save_pretrained(hf_dir)
        model = None  # free the device for CTranslate2
        if device == "cuda":
            torch.cuda.empty_cache()
        words = Tokenizer(models.WordLevel({f"t{i}": i for i in range(vocab)}, unk_token="t1"))
        PreTrainedTokenizerFast(tokenizer_object=words, eos_token="t1", pad_token="t1",
                                bos_token="t0", unk_token="t1").save_pretrained(hf_dir)
        from mtbrief.brief.prepare import convert_ct2

        quant = "float16" if device == "cuda" else "int8"
        convert_ct2(hf_dir, ct2_dir, quant)
        generator = ctranslate2.Generator(str(ct2_dir), device=device,
                                          compute_type="float16" if device == "cuda" else "int8")
        tokens = [[f"t{int(i)}" for i in row] for row in prompts]
        for b in args.batch_sizes:

            def ct2_generate(b=b) -> None:
                generator.generate_batch(tokens[:b], max_length=args.new_tokens,
                                         min_length=args.new_tokens, sampling_topk=1,
                                         include_prompt_in_result=False,
                                         max_batch_size=b)

            record("ctranslate2", b, timed(ct2_generate))
    best_hf = max(v["briefs_per_s"] for v in out["transformers"].values())
    best_ct2 = max(v["briefs_per_s"] for v in out["ctranslate2"].values())
    out["best_ratio"] = round(best_ct2 / best_hf, 2)
    print(f"best ctranslate2 / best transformers throughput: {out['best_ratio']}x")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", default="small")
    ap.add_argument("--docs", type=int, default=5)
    ap.add_argument("--max-words", type=int, default=60)
    ap.add_argument("--backends", default="ctranslate2,transformers")
    ap.add_argument("--data", type=Path, default=SUMMEVAL)
    ap.add_argument("--json", type=Path, default=None, help="also write all figures here")
    ap.add_argument("--threads", type=int, default=0,
                    help="CPU threads for both backends (0: each library's default). On a busy "
                    "machine use 1: PyTorch's OpenMP threads spin when cores are oversubscribed "
                    "(20 tokens took 193 s with 2 threads vs 13 s with 1 at load average 11)")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--throughput", action="store_true",
                    help="instead: batched vs unbatched throughput with random weights")
    ap.add_argument("--arch", choices=sorted(ARCHS), default="qwen2.5-1.5b")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--batch-sizes", type=lambda v: [int(x) for x in v.split(",")],
                    default=[1, 8, 32, 64, 128])
    ap.add_argument("--prompt-tokens", type=int, default=512)
    ap.add_argument("--new-tokens", type=int, default=64)
    args = ap.parse_args()
    if args.throughput:
        result = throughput(args)
        if args.json:
            args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
        return
    docs = load_docs(args.data, args.docs)
    if args.worker:
        print(json.dumps(worker(args.worker, args.model, docs, args.max_words, args.threads)))
        return

    from mtbrief.brief.extractive import extractive_brief
    from mtbrief.brief.text import split_sentences

    print(f"{len(docs)} SummEval docs, model {args.model}, max {args.max_words} words; "
          f"{os.cpu_count()} CPUs, threads {args.threads or 'default'}, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    results = {b: run_worker(b, args) for b in args.backends.split(",")}
    print(f"\n{'backend':<52} {'load s':>7} {'gen med s':>9} {'total med s':>11} "
          f"{'total p90':>9} {'peak MB':>8}")
    for res in results.values():
        gen = [r["generate_s"] for r in res["rows"]]
        tot = [r["total_s"] for r in res["rows"]]
        p90 = sorted(tot)[max(0, int(0.9 * len(tot)) - 1)]
        print(f"{res['backend']:<52} {res['load_s']:>7.1f} {statistics.median(gen):>9.2f} "
              f"{statistics.median(tot):>11.2f} {p90:>9.2f} {res['peak_rss_mb']:>8.0f}")
    if {"ctranslate2", "transformers"} <= set(results):
        ct2 = statistics.median(r["generate_s"] for r in results["ctranslate2"]["rows"])
        hf = statistics.median(r["generate_s"] for r in results["transformers"]["rows"])
        print(f"ctranslate2 speed-up on generation (median): {hf / ct2:.1f}x")
    print(f"load average at end {os.getloadavg()[0]:.1f}")

    table = []
    for name, res in results.items():
        table.append(quality(f"{args.model} / {name}", [r["brief"] for r in res["rows"]], docs))
        table.append(quality(f"  first drafts, no guard ({name})",
                             [r["draft"] for r in res["rows"]], docs))
    lead3 = [" ".join(s.text for s in split_sentences(d["article"])[:3]) for d in docs]
    table.append(quality("lead-3 (our splitter)", lead3, docs))
    table.append(quality("extractive centrality (ours)", [
        extractive_brief(d["article"], "en", max_words=args.max_words)[0] for d in docs], docs))
    for sid, label in SYSTEMS.items():
        if all(sid in d["systems"] for d in docs):
            table.append(quality(label, [d["systems"][sid] for d in docs], docs))
    print(f"\n{'summaries':<40} {'R1':>5} {'R2':>5} {'RL':>5} {'words':>6} {'unsupp %':>8}")
    for q in table:
        print(f"{q['name']:<40} {q['rouge1']:>5} {q['rouge2']:>5} {q['rougeL']:>5} "
              f"{q['words']:>6} {q['unsupported_share']:>8}")
    actions: dict[str, int] = {}
    for res in results.values():
        for r in res["rows"]:
            actions[r["action"]] = actions.get(r["action"], 0) + 1
    print(f"guard actions over all backends: {actions}")
    if args.json:
        args.json.write_text(json.dumps({"speed": results, "quality": table}, indent=2),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
