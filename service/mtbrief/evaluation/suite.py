"""Evaluation suites: a TOML file names datasets, a stage, metrics and thresholds; the runner
measures, checks thresholds and compares with a baseline report.

A suite file (see ``evaluation/smoke.toml``)::

    name = "smoke"
    disable = []                     # cleanup repairs to switch off (a deliberate regression)
    [[tasks]]
    name = "corruption"
    type = "corruption"              # corruption | unchanged | whitespace | extraction |
                                     # faithfulness | brief
    data = "data/news_clean.jsonl"   # relative to the suite file, else to the repository root
    optional = false                 # true: a missing file skips the task instead of failing
    [tasks.thresholds]
    "glued_word.error_reduction" = ">= 0.85"

Metric values are fractions (ROUGE F1 too: 0.45 is 45 points) except ``*_per_1000`` rates,
counts and latencies.  A task that cannot run (its data is optional and absent, or the stage it
needs is not installed) is reported as skipped; any other failure fails the suite.

This module must never write outside the output folder it is given, nor download anything.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import statistics
import subprocess
import time
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import regex

from . import cleanup_metrics as cm
from . import faithfulness as fm
from .corrupt import KINDS, Corruptor
from .rouge import ROUGE_TYPES, rouge
from .text import detokenize_ptb, split_sentences, tokenize

TASK_TYPES = ("corruption", "unchanged", "whitespace", "extraction", "faithfulness", "brief")
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
}
_HIGHER = {
    "error_reduction", "exact_repair", "documents_restored", "unchanged_rate", "token_f1",
    "whitespace_error_reduction", "whitespace_unchanged_rate", "rouge1", "rouge2", "rougeL",
    "lang_accuracy", "balanced_accuracy", "faithfulness", "faithful_rate",
    "margin_over_entity_overlap", "rouge1_minus_lead3", "rouge2_minus_lead3",
    "rougeL_minus_lead3",
}
_LOWER = {"false_edits_per_1000", "edit_records_per_1000", "unsupported_rate", "error_rate",
          "fallback_rate"}


class SuiteError(Exception):
    """The suite file or one of its datasets is unusable (a broken suite, not a failed gate)."""


class TaskSkipped(Exception):
    """A task cannot run here (optional data absent, stage not installed)."""


def direction(metric: str) -> int:
    """+1 when higher is better, -1 when lower is better, 0 when neither (counts, latency)."""
    last = metric.rsplit(".", 1)[-1]
    return 1 if last in _HIGHER else -1 if last in _LOWER else 0


@dataclass
class Threshold:
    metric: str
    op: str
    value: float
    actual: float | None = None
    passed: bool = False

    @classmethod
    def parse(cls, metric: str, spec: str | float) -> Threshold:
        if isinstance(spec, int | float):
            op, value = (">=" if direction(metric) >= 0 else "<="), float(spec)
        else:
            m = regex.fullmatch(r"\s*(>=|<=|>|<)\s*(-?[0-9.]+)\s*", spec)
            if not m:
                raise SuiteError(f"threshold for {metric!r} must look like '>= 0.9', got {spec!r}")
            op, value = m.group(1), float(m.group(2))
        return cls(metric, op, value)

    def check(self, metrics: Mapping[str, Any]) -> bool:
        actual = metrics.get(self.metric)
        self.actual = actual if isinstance(actual, int | float) else None
        self.passed = self.actual is not None and _OPS[self.op](self.actual, self.value)
        return self.passed


@dataclass
class TaskResult:
    name: str
    type: str
    stage: str
    status: str = "passed"  # passed | failed | skipped | error
    reason: str = ""
    metrics: dict[str, Any] = field(default_factory=dict)
    thresholds: list[Threshold] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    duration_s: float = 0.0


@dataclass
class RunOptions:
    """Command-line overrides of a suite."""

    disable: list[str] = field(default_factory=list)
    prompts_dir: Path | None = None
    model: str | None = None
    limit: int | None = None
    only: list[str] = field(default_factory=list)  # run only these tasks (by name)
    env_disable: str = "MTBRIEF_EVAL_DISABLE"


@dataclass
class SuiteReport:
    suite: str
    path: str
    created: str
    commit: str | None
    options: dict[str, Any]
    tasks: list[TaskResult]
    regressions: list[dict[str, Any]] = field(default_factory=list)
    baseline: str | None = None
    tolerance: float | None = None

    @property
    def passed(self) -> bool:
        return all(t.status in ("passed", "skipped") for t in self.tasks) and not self.regressions

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["passed"] = self.passed
        return d

    def flat_metrics(self) -> dict[str, Any]:
        return {
            f"{t.name}.{k}": v
            for t in self.tasks
            for k, v in t.metrics.items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        }


# -- files --------------------------------------------------------------------------------------
def repo_root(start: Path) -> Path:
    """The nearest folder above ``start`` holding pyproject.toml (else the working directory)."""
    for p in [start, *start.parents]:
        if (p / "pyproject.toml").is_file():
            return p
    return Path.cwd()


def resolve(path: str, suite_dir: Path) -> Path | None:
    """A dataset path: relative to the suite file, then to the repository root."""
    p = Path(path)
    if p.is_absolute():
        return p if p.exists() else None
    for base in (suite_dir, repo_root(suite_dir), Path.cwd()):
        if (base / p).exists():
            return (base / p).resolve()
    return None


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    raise SuiteError(f"{path}:{n}: not JSON ({e})") from None


def _data(task: Mapping[str, Any], suite_dir: Path, key: str = "data") -> Path:
    spec = task.get(key)
    if not spec:
        raise SuiteError(f"task {task.get('name')!r} has no {key!r}")
    path = resolve(str(spec), suite_dir)
    if path is None:
        if task.get("optional", False):
            raise TaskSkipped(f"{spec} not found (optional)")
        raise SuiteError(f"task {task.get('name')!r}: {spec} not found")
    return path


def _limit(rows: list[Any], task: Mapping[str, Any], opts: RunOptions) -> list[Any]:
    """The first ``limit`` rows; for a task over several ``languages``, taken in turn from each
    language (file order within one), so a quick look still covers every language."""
    n = opts.limit or task.get("limit")
    if not n:
        return rows
    if len(task.get("languages", ())) > 1:
        by_lang: dict[str | None, list[Any]] = {}
        for r in rows:
            by_lang.setdefault(_lang_of(r, task), []).append(r)
        queues = list(by_lang.values())
        rows = [q[i] for i in range(max(map(len, queues), default=0)) for q in queues
                if i < len(q)]
    return rows[: int(n)]


def _lang_of(rec: Mapping[str, Any], task: Mapping[str, Any]) -> str | None:
    if "lang" in task:
        return task["lang"]
    field_ = task.get("lang_field", "lang")
    value = rec.get(field_)
    if isinstance(value, str) and "-" in value and field_ == "lang_pair":
        return value.split("-")[-1]  # "ru-en": the MT output is English
    return value if isinstance(value, str) else None


# -- cleanup ------------------------------------------------------------------------------------
def _disabled(suite: Mapping[str, Any], task: Mapping[str, Any], opts: RunOptions) -> list[str]:
    names = list(suite.get("disable", [])) + list(task.get("disable", [])) + list(opts.disable)
    env = os.environ.get(opts.env_disable, "")
    names += [n.strip() for n in env.split(",") if n.strip()]
    return sorted(set(names))


def make_clean_fn(
    disable: Sequence[str] = (), glossary: Any = None, errors: list[str] | None = None
) -> cm.CleanFn:
    """A cleanup function for the metrics, from ``Pipeline.default(disable=...)``.

    Inputs the pipeline rejects come back unchanged and are listed in ``errors``, as are the
    repairs that failed on an input (the pipeline goes on without them).
    """
    from ..cleanup.pipeline import Pipeline
    from ..errors import MtbriefError

    pipe = Pipeline.default(disable=list(disable))

    def fn(text: str, lang: str | None) -> cm.CleanOutput:
        try:
            r = pipe(text, lang=lang, glossary=glossary)
        except MtbriefError as e:
            if errors is not None:
                errors.append(f"{type(e).__name__}: {e}")
            return cm.CleanOutput(text, [])
        if errors is not None:  # a repair that raised: the pipeline went on without it
            errors.extend(s for s in r.skipped if "(failed:" in s)
        return cm.CleanOutput(r.text, [(e.kind, e.before, e.after) for e in r.edits])

    return fn


_SEGMENT_END = regex.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")


def join_segments(segments: Sequence[str]) -> str:
    """A document from its segments (sentences or lines, as MT test sets store them): a segment
    that ends a sentence is followed by a space, any other (a headline, a caption) by a line
    break, as on the page, so no heading runs into the next sentence."""
    out: list[str] = []
    for seg in segments:
        seg = seg.strip()
        if seg:
            out.append(seg + (" " if _SEGMENT_END.search(seg) else "\n"))
    return "".join(out).strip()


def _docs(task: Mapping[str, Any], suite_dir: Path, opts: RunOptions) -> list[tuple]:
    """``(id, text, lang)`` of the task's records; ``text_field`` may name a string or a list of
    segments (joined by :func:`join_segments`)."""
    path = _data(task, suite_dir)
    text_field = task.get("text_field", "text")
    rows = []
    for r in read_jsonl(path):
        value = r.get(text_field)
        if isinstance(value, list) and all(isinstance(x, str) for x in value):
            r = {**r, text_field: join_segments(value)}
        if isinstance(r.get(text_field), str):
            rows.append(r)
    if "languages" in task:
        rows = [r for r in rows if _lang_of(r, task) in task["languages"]]
    return _limit(
        [(str(r.get("id", i)), r[text_field], _lang_of(r, task)) for i, r in enumerate(rows)],
        task, opts,
    )


def run_corruption(task: dict[str, Any], ctx: _Ctx) -> TaskResult:
    docs = _docs(task, ctx.suite_dir, ctx.opts)
    glossary = task.get("glossary")
    corruptor = Corruptor(
        kinds=task.get("kinds", [k for k in KINDS if k != "glossary" or glossary]),
        seed=int(task.get("seed", 0)),
        per_tokens=int(task.get("per_tokens", 150)),
        max_per_kind=int(task.get("max_per_kind", 4)),
        glossary=glossary,
    )
    corrupted = cm.build_corruption_set(docs, corruptor)
    errors: list[str] = []
    disable = _disabled(ctx.suite, task, ctx.opts)
    # The cleanup gets the glossary ({literal: term}) the literal translations were made from,
    # as a user would pass it.
    fn = make_clean_fn(disable, glossary=dict(glossary) if glossary else None, errors=errors)
    timer = cm.Timed()
    res = cm.corruption_metrics(corrupted, fn, timer)
    fe = cm.false_edit_metrics(docs, fn, timer)
    metrics: dict[str, Any] = {
        "error_reduction": res["error_reduction"],
        "exact_repair": res["exact_repair"],
        "documents_restored": res["documents_restored"],
        "false_edits_per_1000": fe["false_edits_per_1000"],
        "edit_records_per_1000": fe["edit_records_per_1000"],
        "documents": len(docs),
        "corrupted_documents": res["documents"],
        "errors": len(errors),
    }
    for kind, v in res["per_kind"].items():  # type: ignore[union-attr]
        metrics[f"{kind}.error_reduction"] = v["error_reduction"]
        if "artifacts" in v:
            metrics[f"{kind}.exact_repair"] = v["exact_repair"]
            metrics[f"{kind}.artifacts"] = v["artifacts"]
    if ctx.opts_dump_examples:
        Path(ctx.output / f"{task['name']}_corrupted_examples.jsonl").write_text(
            "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in corrupted[:50]),
            encoding="utf-8",
        )
    return TaskResult(
        task["name"], "corruption", "clean", metrics=metrics,
        details={"per_kind": res["per_kind"], "unrepaired": res["failures"],
                 "false_edits": fe["examples"], "disabled": disable, "errors": errors[:10]},
        latencies=timer.seconds,
    )


def run_unchanged(task: dict[str, Any], ctx: _Ctx) -> TaskResult:
    path = _data(task, ctx.suite_dir)
    text_field = task.get("text_field", "text")
    equal = task.get("require_equal", [])
    rows = [
        r for r in read_jsonl(path)
        if isinstance(r.get(text_field), str) and all(r.get(f) == r.get(text_field) for f in equal)
    ]
    segs = _limit([(str(r.get("id", i)), r[text_field], _lang_of(r, task))
                   for i, r in enumerate(rows)], task, ctx.opts)
    timer = cm.Timed()
    errors: list[str] = []
    fn = make_clean_fn(_disabled(ctx.suite, task, ctx.opts), errors=errors)
    res = cm.unchanged_metrics(segs, fn, timer)
    return TaskResult(
        task["name"], "unchanged", "clean",
        metrics={"unchanged_rate": res["unchanged_rate"], "segments": res["segments"],
                 "errors": len(errors)},
        details={"changed": res["changed"]}, latencies=timer.seconds,
    )


def run_whitespace(task: dict[str, Any], ctx: _Ctx) -> TaskResult:
    path = _data(task, ctx.suite_dir)
    inp, gold = task.get("input_field", "corrupt"), task.get("gold_field", "correct_whitespace")
    rows = [r for r in read_jsonl(path) if isinstance(r.get(inp), str)]
    lines = _limit([(str(r.get("id", i)), r[inp], r[gold]) for i, r in enumerate(rows)],
                   task, ctx.opts)
    timer = cm.Timed()
    fn = make_clean_fn(_disabled(ctx.suite, task, ctx.opts))
    res = cm.whitespace_metrics(lines, fn, timer)
    return TaskResult(task["name"], "whitespace", "clean", metrics=res, latencies=timer.seconds)


def run_extraction(task: dict[str, Any], ctx: _Ctx) -> TaskResult:
    path = _data(task, ctx.suite_dir)
    try:
        from ..ingest.html import clean_html
    except ImportError as e:
        raise TaskSkipped(f"mtbrief.ingest.html is not available ({e})") from None
    import trafilatura

    rows = _limit(list(read_jsonl(path)), task, ctx.opts)
    ours, anchor, lat = [], [], []
    errors: list[str] = []
    for r in rows:
        page = path.parent / r["html_gz_path"]
        if not page.exists():
            continue
        raw = gzip.decompress(page.read_bytes())
        t0 = time.perf_counter()
        try:
            text = clean_html(raw).text
        except Exception as e:
            errors.append(f"{r.get('id')}: {type(e).__name__}: {e}")
            text = ""
        lat.append(time.perf_counter() - t0)
        ours.append(cm.token_f1(text, r["gold_article_body"]))
        anchor.append(cm.token_f1(trafilatura.extract(raw.decode("utf-8", "replace")) or "",
                                  r["gold_article_body"]))
    if not ours:
        raise SuiteError(f"task {task['name']!r}: no HTML pages found next to {path}")
    return TaskResult(
        task["name"], "extraction", "clean",
        metrics={"token_f1": statistics.mean(ours), "trafilatura_token_f1": statistics.mean(anchor),
                 "pages": len(ours), "errors": len(errors)},
        details={"per_page_f1": ours, "errors": errors[:10]}, latencies=lat,
    )


# -- faithfulness agreement ---------------------------------------------------------------------
def _labelled(spec: Mapping[str, Any], suite_dir: Path) -> list[dict[str, Any]]:
    path = resolve(str(spec["data"]), suite_dir)
    if path is None:
        if spec.get("optional", False):
            return []
        raise SuiteError(f"faithfulness set {spec['data']} not found")
    f = {"document": "document", "summary": "summary", "label": "label", "group": None,
         "subset": None, **spec.get("fields", {})}
    docs: dict[str, str] = {}
    if "join" in spec:
        j = spec["join"]
        jpath = resolve(str(j["data"]), suite_dir)
        if jpath is None:
            if spec.get("optional", False):
                return []
            raise SuiteError(f"faithfulness documents {j['data']} not found")
        docs = {str(r[j["key"]]): r[j["field"]] for r in read_jsonl(jpath)}
    out = []
    for r in read_jsonl(path):
        doc = docs[str(r[spec["join"]["key"]])] if docs else r.get(f["document"])
        label = r.get(f["label"])
        if not isinstance(doc, str) or not isinstance(r.get(f["summary"]), str) or label is None:
            continue
        name = spec.get("name", path.stem)
        if f["subset"]:
            name = f"{name}-{r.get(f['subset'])}"
        group = str(r.get(f["group"])) if f["group"] else hashlib.md5(doc.encode()).hexdigest()
        out.append({"set": name, "document": doc, "summary": r[f["summary"]],
                    "label": int(bool(label)), "group": group, "lang": r.get("lang", "en")})
    return out


def run_faithfulness(task: dict[str, Any], ctx: _Ctx) -> TaskResult:
    rows: list[dict[str, Any]] = []
    for spec in task.get("datasets", []):
        rows += _labelled(spec, ctx.suite_dir)
    if not rows:
        raise TaskSkipped("no labelled faithfulness data found")
    lat = []
    for r in rows:
        t0 = time.perf_counter()
        r["features"] = fm.features(r["summary"], r["document"], r["lang"])
        lat.append(time.perf_counter() - t0)
        r["entity_overlap"] = r["features"]["entity_overlap"]
        r["half"] = fm.split_half(r["group"])
    cal = [r for r in rows if r["half"] == "calibration"]
    test = [r for r in rows if r["half"] == "test"]
    weights = fm.fit_weights([[r["features"][k] for k in fm.FEATURES] for r in cal],
                             [r["label"] for r in cal])
    for r in rows:
        r["score"] = fm.score_features(r["features"], weights)
        r["default_score"] = fm.score_features(r["features"])

    def bacc(key: str, subset: str | None) -> tuple[float, float, int]:
        c = [r for r in cal if subset is None or r["set"] == subset]
        t = [r for r in test if subset is None or r["set"] == subset]
        th = fm.best_threshold([r[key] for r in c], [r["label"] for r in c])
        return fm.balanced_accuracy([r[key] for r in t], [r["label"] for r in t], th), th, len(t)

    per_set = {}
    for name in sorted({r["set"] for r in rows}):
        ours, th, n = bacc("score", name)
        base, bth, _ = bacc("entity_overlap", name)
        per_set[name] = {"balanced_accuracy": ours, "entity_overlap_balanced_accuracy": base,
                         "threshold": th, "entity_overlap_threshold": bth, "test_pairs": n}
    ours, th, n = bacc("score", None)
    base, _, _ = bacc("entity_overlap", None)
    default = fm.balanced_accuracy([r["default_score"] for r in test], [r["label"] for r in test],
                                   fm.DEFAULT_THRESHOLD)
    finite = [v for v in per_set.values()
              if v["balanced_accuracy"] == v["balanced_accuracy"]]
    wins = sum(v["balanced_accuracy"] > v["entity_overlap_balanced_accuracy"] for v in finite)
    return TaskResult(
        task["name"], "faithfulness", "score",
        metrics={
            "balanced_accuracy": ours,
            "entity_overlap.balanced_accuracy": base,
            "margin_over_entity_overlap": ours - base,
            "default_weights.balanced_accuracy": default,
            "sets_won": wins,
            "sets": len(finite),
            "pairs": len(rows),
            "test_pairs": n,
        },
        details={
            "per_set": per_set, "weights": dict(zip([*fm.FEATURES, "intercept"], weights,
                                                    strict=True)),
            "threshold": th,
            "scores": {"consistent": [r["score"] for r in test if r["label"] == 1],
                       "inconsistent": [r["score"] for r in test if r["label"] == 0]},
        },
        latencies=lat,
    )


# -- briefs -------------------------------------------------------------------------------------
def unsupported_in(summary: str, source: str, lang: str | None,
                   name_map: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """Names/numbers of ``summary`` the source does not support: the brief guard's check when
    installed (the same rules the pipeline enforces), else this package's own extraction."""
    try:
        from ..brief.guard import SourceIndex, check
    except ImportError:
        return fm.unsupported_names_and_numbers(summary, source, lang)
    found = check(summary, SourceIndex(text=source, lang=lang, name_map=dict(name_map or {})),
                  lang)
    return [(s.kind, s.text) for s in found.unsupported]


def _summary_metrics(
    items: Sequence[tuple[str, str, Sequence[str], str | None]], stem: bool,
    sources_for_check: Sequence[tuple[str, Mapping[str, str]]] | None = None,
) -> tuple[dict[str, float], dict[str, list[float]], list[dict[str, Any]]]:
    """ROUGE, length, unsupported-name/number rate and faithfulness of (summary, source, refs,
    lang) items."""
    per: dict[str, list[float]] = {
        k: [] for k in (*ROUGE_TYPES, "words", "sentences", "faithfulness")
    }
    flagged: list[dict[str, Any]] = []
    n_bad = 0
    for i, (summary, source, refs, lang) in enumerate(items):
        scores = rouge(summary, refs, lang, stem)
        for k in ROUGE_TYPES:
            per[k].append(scores[k].fmeasure)
        per["words"].append(float(len(tokenize(summary, lang))))
        per["sentences"].append(float(len(split_sentences(summary))))
        check_src, name_map = sources_for_check[i] if sources_for_check else (source, {})
        bad = unsupported_in(summary, check_src, lang, name_map)
        if bad:
            n_bad += 1
            if len(flagged) < 20:
                flagged.append({"summary": summary, "unsupported": bad})
        per["faithfulness"].append(fm.faithfulness_score(summary, source, lang))
    n = len(items)
    agg = {k: statistics.mean(v) for k, v in per.items() if v}
    agg["unsupported_rate"] = n_bad / n if n else 0.0
    agg["faithful_rate"] = (
        sum(s >= fm.DEFAULT_THRESHOLD for s in per["faithfulness"]) / n if n else 0.0
    )
    return agg, per, flagged


def run_brief(task: dict[str, Any], ctx: _Ctx) -> TaskResult:
    path = _data(task, ctx.suite_dir)
    try:
        from ..brief import brief as brief_fn
    except ImportError as e:
        raise TaskSkipped(f"mtbrief.brief.brief is not available ({e})") from None

    text_field = task.get("text_field", "text")
    rows = [r for r in read_jsonl(path) if isinstance(r.get(text_field), str)]
    if "languages" in task:
        rows = [r for r in rows if _lang_of(r, task) in task["languages"]]
    rows = _limit(rows, task, ctx.opts)
    detok = bool(task.get("detokenize", False))
    stem = bool(task.get("stem", True))

    def prep(s: str) -> str:
        return detokenize_ptb(s) if detok else s

    options = dict(task.get("options", {}))
    if ctx.opts.model:
        options["model"] = ctx.opts.model
    saved_prompts = os.environ.get("MTBRIEF_PROMPTS_DIR")
    if ctx.opts.prompts_dir:
        os.environ["MTBRIEF_PROMPTS_DIR"] = str(ctx.opts.prompts_dir)
    try:
        return _run_brief(task, ctx, rows, prep, options, brief_fn, stem)
    finally:
        if saved_prompts is None:
            os.environ.pop("MTBRIEF_PROMPTS_DIR", None)
        else:
            os.environ["MTBRIEF_PROMPTS_DIR"] = saved_prompts


def _run_brief(
    task: dict[str, Any], ctx: _Ctx, rows: list[dict[str, Any]], prep: Callable[[str], str],
    options: dict[str, Any], brief_fn: Callable[..., Any], stem: bool,
) -> TaskResult:
    from ..ingest.language import detect_language

    text_field = task.get("text_field", "text")
    refs_field = task.get("references_field", "references")
    ours: list[tuple[str, str, Sequence[str], str | None]] = []
    checks: list[tuple[str, Mapping[str, str]]] = []
    lat: list[float] = []
    lang_ok: list[bool] = []
    guard_flagged = fallback = 0
    errors: list[str] = []
    outputs: list[dict[str, Any]] = []
    for n, r in enumerate(rows, 1):
        if ctx.progress and (n == 1 or n % 5 == 0 or n == len(rows)):
            ctx.progress(f"  {task['name']}: brief {n}/{len(rows)}")
        article = prep(r[text_field])
        refs = r[refs_field] if isinstance(r[refs_field], list) else [r[refs_field]]
        refs = [prep(x) for x in refs]
        lang = _lang_of(r, task) or detect_language(article)
        target = options.get("target_lang") or lang
        t0 = time.perf_counter()
        try:
            res = brief_fn(article, **options)
        except Exception as e:
            errors.append(f"{r.get('id')}: {type(e).__name__}: {e}")
            continue
        lat.append(time.perf_counter() - t0)
        text = res.brief
        ours.append((text, article, refs, target))
        checks.append((res.clean.text, res.clean.name_map))
        lang_ok.append(detect_language(text) == (target or "").split("-")[0] if text else False)
        guard_flagged += bool(res.guard.unsupported)
        fallback += res.guard.action == "extractive"
        outputs.append({"id": r.get("id"), "brief": text, "model": res.model,
                        "guard_action": res.guard.action, "timings": res.timings})
    if not ours:
        return TaskResult(task["name"], "brief", "brief", status="error",
                          reason=f"every brief failed: {errors[:3]}",
                          metrics={"errors": len(errors)},
                          details={"errors": errors[:10]})
    agg, per, flagged = _summary_metrics(ours, stem, checks)
    metrics: dict[str, Any] = {**agg, "lang_accuracy": sum(lang_ok) / len(lang_ok),
                               "guard_flagged_rate": guard_flagged / len(ours),
                               "fallback_rate": fallback / len(ours),
                               "latency_median_s": statistics.median(lat),
                               "documents": len(ours), "errors": len(errors),
                               "error_rate": len(errors) / len(rows)}
    # Anchors on the same documents, scored by the same code.
    anchors: dict[str, dict[str, float]] = {}
    lead_k = int(task.get("lead", 3))
    done = {o["id"] for o in outputs}
    scored = [r for r in rows if r.get("id") in done] if done != {None} else rows
    if lead_k:
        items = []
        for r in scored:
            article = prep(r[text_field])
            refs = [prep(x) for x in (r[refs_field] if isinstance(r[refs_field], list)
                                      else [r[refs_field]])]
            items.append((" ".join(split_sentences(article)[:lead_k]), article, refs,
                          _lang_of(r, task)))
        anchors[f"lead-{lead_k}"] = _summary_metrics(items, stem)[0]
    names = task.get("anchor_names", {})
    field_ = task.get("anchors_field")
    if field_:
        for system in sorted({s["system"] for r in scored for s in r.get(field_, [])}):
            if names and system not in names:
                continue
            items = []
            for r in scored:
                summ = {s["system"]: s["summary"] for s in r.get(field_, [])}
                if system in summ:
                    article = prep(r[text_field])
                    refs = [prep(x) for x in r[refs_field]]
                    items.append((prep(summ[system]), article, refs, _lang_of(r, task)))
            if items:
                anchors[names.get(system, system)] = _summary_metrics(items, stem)[0]
    lead = anchors.get(f"lead-{lead_k}")
    if lead:
        for k in ROUGE_TYPES:
            metrics[f"{k}_minus_lead3" if lead_k == 3 else f"{k}_minus_lead"] = agg[k] - lead[k]
    return TaskResult(
        task["name"], "brief", "brief", metrics=metrics,
        details={"anchors": anchors, "per_document": per, "unsupported_examples": flagged,
                 "outputs": outputs[:20], "errors": errors[:10], "options": options,
                 "prompts_dir": str(ctx.opts.prompts_dir) if ctx.opts.prompts_dir else None},
        latencies=lat,
    )


# -- the runner ---------------------------------------------------------------------------------
@dataclass
class _Ctx:
    suite: dict[str, Any]
    suite_dir: Path
    opts: RunOptions
    output: Path
    opts_dump_examples: bool = True
    progress: Callable[[str], None] | None = None


RUNNERS: dict[str, Callable[[dict[str, Any], _Ctx], TaskResult]] = {
    "corruption": run_corruption,
    "unchanged": run_unchanged,
    "whitespace": run_whitespace,
    "extraction": run_extraction,
    "faithfulness": run_faithfulness,
    "brief": run_brief,
}


def load_suite(path: Path) -> dict[str, Any]:
    """Read and validate a suite file."""
    try:
        suite = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise SuiteError(f"cannot read suite {path}: {e}") from None
    tasks = suite.get("tasks")
    if not isinstance(tasks, list) or not tasks:
        raise SuiteError(f"{path}: no [[tasks]]")
    seen = set()
    for t in tasks:
        if t.get("type") not in TASK_TYPES:
            raise SuiteError(f"{path}: task {t.get('name')!r} type must be one of {TASK_TYPES}")
        if not t.get("name") or t["name"] in seen:
            raise SuiteError(f"{path}: every task needs a unique name (got {t.get('name')!r})")
        seen.add(t["name"])
        for metric, spec in t.get("thresholds", {}).items():
            Threshold.parse(metric, spec)
    return suite


def _commit(cwd: Path) -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=cwd, capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def run_suite(
    path: Path,
    output: Path,
    opts: RunOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> SuiteReport:
    """Run every task of the suite at ``path``; results are not written (see report.write)."""
    opts = opts or RunOptions()
    suite = load_suite(path)
    output.mkdir(parents=True, exist_ok=True)
    ctx = _Ctx(suite, path.parent.resolve(), opts, output, progress=progress)
    unknown = set(opts.only) - {t["name"] for t in suite["tasks"]}
    if unknown:
        raise SuiteError(f"no task named {sorted(unknown)} in {path}")
    from ..cleanup.pipeline import REPAIR_NAMES

    for task in suite["tasks"]:
        bad = set(_disabled(suite, task, opts)) - set(REPAIR_NAMES)
        if bad:
            raise SuiteError(f"unknown repair(s) to disable: {sorted(bad)}; "
                             f"known: {list(REPAIR_NAMES)}")
    results = []
    for task in suite["tasks"]:
        if opts.only and task["name"] not in opts.only:
            continue
        if progress:
            progress(f"{task['name']} ({task['type']})")
        t0 = time.perf_counter()
        try:
            res = RUNNERS[task["type"]](task, ctx)
        except TaskSkipped as e:
            res = TaskResult(task["name"], task["type"], task.get("stage", ""), status="skipped",
                             reason=str(e))
            if task.get("required", False):
                res.status = "error"
        except SuiteError:
            raise
        except Exception as e:
            res = TaskResult(task["name"], task["type"], task.get("stage", ""), status="error",
                             reason=f"{type(e).__name__}: {e}")
        res.duration_s = time.perf_counter() - t0
        if res.status == "passed":
            res.thresholds = [Threshold.parse(m, s) for m, s in task.get("thresholds", {}).items()]
            if not all([th.check(res.metrics) for th in res.thresholds]):
                res.status = "failed"
                missed = [f"{t.metric} {t.actual} (needs {t.op} {t.value})"
                          for t in res.thresholds if not t.passed]
                res.reason = "threshold missed: " + "; ".join(missed)
        results.append(res)
    return SuiteReport(
        suite=suite.get("name", path.stem),
        path=str(path),
        created=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        commit=_commit(path.parent),
        options={"disable": opts.disable, "prompts_dir": str(opts.prompts_dir or ""),
                 "model": opts.model, "limit": opts.limit, "only": opts.only,
                 "env_disable": os.environ.get(opts.env_disable, "")},
        tasks=results,
    )


def compare(report: SuiteReport, baseline: Mapping[str, Any], tolerance: float) -> list[dict]:
    """Metrics that got worse than ``baseline`` (a report.json dict) by more than ``tolerance``.

    Only metrics with a direction (see :func:`direction`) are compared; the tolerance is absolute
    in the metric's own unit (0.02 = 2 ROUGE points or 2 % of a rate).
    """
    old: dict[str, Any] = {}
    for t in baseline.get("tasks", []):
        for k, v in t.get("metrics", {}).items():
            old[f"{t['name']}.{k}"] = v
    out = []
    for name, new in report.flat_metrics().items():
        prev = old.get(name)
        d = direction(name)
        if d == 0 or not isinstance(prev, int | float) or prev != prev or new != new:
            continue
        worse = (prev - new) if d > 0 else (new - prev)
        if worse > tolerance:
            out.append({"metric": name, "baseline": prev, "current": new, "worse_by": worse})
    return out
