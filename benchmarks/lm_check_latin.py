"""The language-model check's broad capitals in Spanish, French, Portuguese and German, on and off.

Where the multilingual model (``cleanup_lm_multilingual_model``, the packaged default) is
prepared, it also judges the "broad" capitals of these languages: function words and words the
spelling dictionary knows only in lower case, capitalised after a lower-case word ("proviene de
La onomatopeya"), which the stricter rules leave for fear of a heading run into the text or a
name (``lm_check.candidates_in(..., broad=True)``).  This script runs the suite's multilingual
corruption task (``evaluation/full.toml``, task ``corruption_news_sum_multilingual``: the same
documents, the same injector and seed) on its documents in ``--langs``, over the damaged copies
of ``--groups``, with the broad capitals off and then on, in one process, and prints per kind the
error reduction and exact-repair rate side by side, the false edits per 1000 tokens on the clean
originals, and the time each configuration took.  Without the prepared multilingual model both
configurations are the same (it says so).

    python benchmarks/lm_check_latin.py [--langs es,fr,pt,de]
                                        [--groups link_capital,sentence_break,mixed]

About 15 minutes per configuration on 2 CPU cores with the default model.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mtbrief.cleanup import lexicon
from mtbrief.cleanup.likelihood import is_available
from mtbrief.cleanup.repairs import lm_check
from mtbrief.config import get_settings
from mtbrief.evaluation import cleanup_metrics as cm
from mtbrief.evaluation import suite as S
from mtbrief.evaluation.corrupt import Corruptor

REPO = Path(__file__).resolve().parents[1]
TASK = "corruption_news_sum_multilingual"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--langs", default="es,fr,pt,de")
    ap.add_argument("--groups", default="link_capital,sentence_break,mixed")
    args = ap.parse_args()
    langs, groups = set(args.langs.split(",")), set(args.groups.split(","))
    suite_path = REPO / "evaluation" / "full.toml"
    task = next(t for t in S.load_suite(suite_path)["tasks"] if t["name"] == TASK)
    docs = [
        d for d in S._docs(task, suite_path.parent, S.RunOptions())
        if lexicon.base_lang(d[2] or "en") in langs
    ]
    corruptor = Corruptor(
        kinds=task["kinds"],
        seed=int(task.get("seed", 0)),
        per_tokens=int(task.get("per_tokens", 150)),
        max_per_kind=int(task.get("max_per_kind", 4)),
    )
    corrupted = [
        d for d in cm.build_corruption_set(docs, corruptor)
        if (d.id.rsplit("#", 1)[-1] if "#" in d.id else "mixed") in groups
    ]
    model = get_settings().cleanup_lm_multilingual_model
    print(f"{len(docs)} documents ({args.langs}), {len(corrupted)} damaged copies ({args.groups})")
    if not is_available(model):
        print(f"multilingual model {model!r} not prepared: both configurations are the same")
    broad_candidates = lm_check.candidates_in
    results = {}
    for name, broad in (("broad off", False), ("broad on", True)):
        lm_check.candidates_in = (  # type: ignore[assignment]
            broad_candidates if broad
            else lambda text, lang, broad=False: broad_candidates(text, lang)
        )
        errors: list[str] = []
        fn = S.make_clean_fn([], errors=errors)
        start = time.perf_counter()
        res = cm.corruption_metrics(corrupted, fn)
        false = cm.false_edit_metrics(docs, fn)
        results[name] = (res, false, time.perf_counter() - start, errors)
    lm_check.candidates_in = broad_candidates  # type: ignore[assignment]
    print(f"{'kind':16s} {'off: reduction / exact':>24s} {'on: reduction / exact':>24s}")
    off, on = results["broad off"][0]["per_kind"], results["broad on"][0]["per_kind"]
    for kind in off:
        a, b = off[kind], on[kind]  # type: ignore[index]
        print(
            f"{kind:16s} {a['error_reduction'] or 0:>13.3f} / {a.get('exact_repair') or 0:.3f}"
            f" {b['error_reduction'] or 0:>13.3f} / {b.get('exact_repair') or 0:.3f}"
        )
    for name, (_, false, seconds, errors) in results.items():
        print(
            f"{name}: false edits {false['false_edits_per_1000']:.3f} per 1000 tokens on the "
            f"clean originals, {seconds:.0f} s, errors {len(errors)}"
        )


if __name__ == "__main__":
    main()
