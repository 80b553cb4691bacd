"""Brief backends on the same articles: latency and peak memory (transformers vs CTranslate2),
then quality (ROUGE, unsupported names/numbers) beside lead-3, our extractive baseline and the
SummEval BART/PEGASUS outputs, all scored by the same code (mtbrief.evaluation).

    python benchmarks/brief_backends.py --model small --docs 5
    python benchmarks/brief_backends.py --model default --docs 20 --json out.json

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
        rows.append({"id": d["id"], "brief": r.brief, "action": r.guard.action,
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
    args = ap.parse_args()
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

    table = [quality(f"{args.model} / {name}", [r["brief"] for r in res["rows"]], docs)
             for name, res in results.items()]
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
