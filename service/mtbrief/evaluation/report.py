"""Write a suite's results: ``report.json`` (machine-readable, the ``--baseline`` input),
``report.md`` (for people; GitHub-flavoured Markdown), PNG plots, and a rich summary table.

Plots: error reduction and exact-repair rate per artifact kind; brief ROUGE beside the published
anchors; score distributions (per-document ROUGE-L, faithfulness scores of consistent vs
inconsistent summaries); latency per task.  This module only renders results it is given; it
must never write outside the output folder.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .suite import SuiteReport, direction

_KIND_ORDER = ("glued_word", "link_capital", "sentence_break", "quote", "name_variant",
               "glossary", "mojibake", "control_char", "mixed")


def _fmt(v: Any, metric: str = "") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if metric.endswith(("_s", "per_1000")) or abs(v) >= 10:
            return f"{v:.2f}"
        return f"{v:.3f}"
    return str(v)


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


# -- plots --------------------------------------------------------------------------------------
def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_error_reduction(report: SuiteReport, out: Path) -> list[str]:
    files = []
    plt = _plt()
    for t in report.tasks:
        per_kind = t.details.get("per_kind") if t.type == "corruption" else None
        if not per_kind:
            continue
        kinds = [k for k in _KIND_ORDER if k in per_kind]
        er = [per_kind[k]["error_reduction"] or 0.0 for k in kinds]
        ex = [per_kind[k].get("exact_repair") or 0.0 for k in kinds]
        thresholds = {th.metric.split(".")[0]: th.value for th in t.thresholds
                      if th.metric.endswith(".error_reduction")}
        fig, ax = plt.subplots(figsize=(9, 4.2))
        xs = range(len(kinds))
        ax.bar([x - 0.2 for x in xs], er, 0.4, label="error reduction", color="#2b6cb0")
        ax.bar([x + 0.2 for x in xs], ex, 0.4, label="exact-repair rate", color="#9ac1e6")
        for x, k in zip(xs, kinds, strict=True):
            if k in thresholds:
                ax.plot([x - 0.4, x], [thresholds[k]] * 2, color="#c53030", lw=2)
            ax.text(x - 0.2, max(er[x], 0) + 0.02, f"{er[x]:.2f}", ha="center", fontsize=8)
        ax.axhline(0, color="black", lw=0.8)
        ax.set_xticks(list(xs), [f"{k}\n(n={per_kind[k].get('artifacts', '-')})" for k in kinds],
                      fontsize=8)
        ax.set_ylim(min(-0.1, min(er) - 0.1), 1.1)
        ax.set_ylabel("share of injected damage undone")
        fe = t.metrics.get("false_edits_per_1000")
        ax.set_title(f"{t.name}: cleanup per artifact kind (red: threshold); "
                     f"false edits {_fmt(fe, 'per_1000')}/1000 tokens", fontsize=10)
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        name = f"{t.name}_error_reduction.png"
        fig.savefig(out / name, dpi=110)
        plt.close(fig)
        files.append(name)
    return files


def plot_briefs(report: SuiteReport, out: Path) -> list[str]:
    files = []
    plt = _plt()
    for t in report.tasks:
        if t.type != "brief" or t.status in ("skipped", "error") or not t.metrics:
            continue
        anchors = t.details.get("anchors", {})
        ranked = sorted(anchors, key=lambda n: -anchors[n].get("rougeL", 0.0))
        systems = {"mtbrief (ours)": t.metrics, **{n: anchors[n] for n in ranked}}
        names = list(systems)
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(max(11.0, 5 + 0.55 * len(names)), 4.6),
                                      gridspec_kw={"width_ratios": [3, 2]})
        width = 0.8 / 3
        for j, k in enumerate(("rouge1", "rouge2", "rougeL")):
            vals = [100 * systems[n].get(k, 0.0) for n in names]
            ax.bar([i + (j - 1) * width for i in range(len(names))], vals, width, label=k)
        ax.set_xticks(range(len(names)), names, rotation=30, ha="right", fontsize=8)
        ax.get_xticklabels()[0].set_fontweight("bold")
        ax.axvspan(-0.5, 0.5, color="#fefcbf", zorder=0)
        top = max(100 * systems[n].get("rouge1", 0.0) for n in names)
        ax.set_ylim(0, max(10.0, top * 1.25))
        ax.set_ylabel("ROUGE F1 (max over references)")
        ax.set_title(f"{t.name}: ours vs anchors on the same {t.metrics.get('documents')} "
                     "documents (sorted by ROUGE-L)", fontsize=10)
        ax.legend(fontsize=8, ncol=3, loc="upper center")
        unsup = [100 * systems[n].get("unsupported_rate", 0.0) for n in names]
        ax2.barh(range(len(names)), unsup, color="#c05621")
        ax2.set_xlim(0, max(10.0, 1.15 * max(unsup)))
        for i, v in enumerate(unsup):
            ax2.text(v + 0.3, i, f"{v:.0f} %", va="center", fontsize=8)
        ax2.set_yticks(range(len(names)), names, fontsize=8)
        ax2.invert_yaxis()
        ax2.set_xlabel("% of summaries with an unsupported name/number")
        fig.tight_layout()
        name = f"{t.name}_rouge_vs_anchors.png"
        fig.savefig(out / name, dpi=110)
        plt.close(fig)
        files.append(name)
        per = t.details.get("per_document", {})
        if per.get("rougeL"):
            fig, axes = plt.subplots(1, 3, figsize=(11, 3.4))
            axes[0].hist([100 * x for x in per["rougeL"]], bins=10, color="#2b6cb0")
            axes[0].set_title("ROUGE-L per brief", fontsize=9)
            axes[1].hist(per["words"], bins=10, color="#38a169")
            axes[1].set_title("brief length (tokens)", fontsize=9)
            axes[2].hist(per["faithfulness"], bins=10, range=(0, 1), color="#805ad5")
            axes[2].set_title("faithfulness score", fontsize=9)
            fig.suptitle(f"{t.name}: score distributions", fontsize=10)
            fig.tight_layout()
            name = f"{t.name}_distributions.png"
            fig.savefig(out / name, dpi=110)
            plt.close(fig)
            files.append(name)
    return files


def plot_faithfulness(report: SuiteReport, out: Path) -> list[str]:
    files = []
    plt = _plt()
    for t in report.tasks:
        if t.type != "faithfulness" or t.status in ("skipped", "error"):
            continue
        per_set = {k: v for k, v in t.details["per_set"].items()
                   if v["balanced_accuracy"] == v["balanced_accuracy"]}
        names = [*per_set, "all (pooled)"]
        ours = [per_set[n]["balanced_accuracy"] for n in per_set]
        ours.append(t.metrics["balanced_accuracy"])
        base = [per_set[n]["entity_overlap_balanced_accuracy"] for n in per_set]
        base.append(t.metrics["entity_overlap.balanced_accuracy"])
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4.2),
                                      gridspec_kw={"width_ratios": [3, 2]})
        xs = range(len(names))
        ax.bar([x - 0.2 for x in xs], ours, 0.4, label="faithfulness score (ours)",
               color="#2b6cb0")
        ax.bar([x + 0.2 for x in xs], base, 0.4, label="entity overlap", color="#a0aec0")
        ax.axhline(0.5, color="black", lw=0.8, ls="--")
        ax.set_ylim(0.3, 1.0)
        ax.set_xticks(list(xs), names, rotation=30, ha="right", fontsize=8)
        ax.set_ylabel("balanced accuracy (test half)")
        ax.set_title(f"{t.name}: agreement with human labels", fontsize=10)
        ax.legend(fontsize=8)
        sc = t.details["scores"]
        ax2.hist([sc["consistent"], sc["inconsistent"]], bins=20, range=(0, 1),
                 label=["labelled consistent", "labelled inconsistent"],
                 color=["#38a169", "#e53e3e"], alpha=0.8)
        ax2.axvline(t.details["threshold"], color="black", ls="--", lw=1)
        ax2.set_xlabel("faithfulness score")
        ax2.legend(fontsize=8)
        fig.tight_layout()
        name = f"{t.name}_agreement.png"
        fig.savefig(out / name, dpi=110)
        plt.close(fig)
        files.append(name)
    return files


def plot_latency(report: SuiteReport, out: Path) -> list[str]:
    tasks = [t for t in report.tasks if t.latencies]
    if not tasks:
        return []
    plt = _plt()
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(tasks) + 1.6))
    ax.boxplot([[1000 * x for x in t.latencies] for t in tasks], orientation="horizontal",
               tick_labels=[f"{t.name} (n={len(t.latencies)})" for t in tasks], showfliers=True)
    ax.set_xscale("log")
    ax.set_xlabel("milliseconds per document (log scale)")
    ax.set_title("latency per document", fontsize=10)
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=110)
    plt.close(fig)
    return ["latency.png"]


# -- markdown -----------------------------------------------------------------------------------
def render_markdown(report: SuiteReport, plots: dict[str, list[str]], command: str) -> str:
    status = "PASSED" if report.passed else "FAILED"
    lines = [
        f"# Evaluation report: `{report.suite}` - {status}",
        "",
        f"- suite: `{report.path}`; created {report.created}; commit `{report.commit or '?'}`",
        f"- reproduce: `{command}`",
    ]
    if report.options.get("disable") or report.options.get("env_disable"):
        lines.append(f"- repairs disabled: `{report.options.get('disable')}` "
                     f"{report.options.get('env_disable') or ''}")
    if report.options.get("prompts_dir"):
        lines.append(f"- prompts folder: `{report.options['prompts_dir']}`")
    if report.baseline:
        lines.append(f"- baseline: `{report.baseline}` (tolerance {report.tolerance})")
    lines += ["", "| task | type | status | duration | note |", "|---|---|---|---|---|"]
    for t in report.tasks:
        lines.append(f"| {t.name} | {t.type} | **{t.status}** | {t.duration_s:.1f} s | "
                     f"{_md_escape(t.reason)[:200]} |")
    if report.regressions:
        lines += ["", "## Regressions against the baseline", "",
                  "| metric | baseline | now | worse by |", "|---|---|---|---|"]
        for r in report.regressions:
            lines.append(f"| {r['metric']} | {_fmt(r['baseline'])} | {_fmt(r['current'])} | "
                         f"{_fmt(r['worse_by'])} |")
    for t in report.tasks:
        lines += ["", f"## {t.name} ({t.type}, {t.status})", ""]
        if t.status == "skipped" or (t.status == "error" and not t.metrics):
            lines.append(f"_{_md_escape(t.reason)}_")
            continue
        for p in plots.get(t.name, []):
            lines += [f"![{t.name}]({p})", ""]
        ths = {th.metric: th for th in t.thresholds}
        lines += ["| metric | value | threshold | ok |", "|---|---|---|---|"]
        for k, v in t.metrics.items():
            th = ths.get(k)
            ok = "" if th is None else ("yes" if th.passed else "**NO**")
            want = "" if th is None else f"{th.op} {th.value}"
            lines.append(f"| {k} | {_fmt(v, k)} | {want} | {ok} |")
        missing = [th for m, th in ths.items() if m not in t.metrics]
        for th in missing:
            lines.append(f"| {th.metric} | not measured | {th.op} {th.value} | **NO** |")
        if t.type == "brief" and t.details.get("anchors"):
            lines += ["", "Anchors on the same documents, scored by the same code "
                      "(ROUGE F1 x100, max over references):", "",
                      "| system | R-1 | R-2 | R-L | words | unsupported | faithful |",
                      "|---|---|---|---|---|---|---|"]
            rows = {"**mtbrief (ours)**": t.metrics, **t.details["anchors"]}
            for name, m in rows.items():
                lines.append(
                    f"| {name} | {100 * m['rouge1']:.1f} | {100 * m['rouge2']:.1f} | "
                    f"{100 * m['rougeL']:.1f} | {m['words']:.0f} | "
                    f"{100 * m['unsupported_rate']:.0f} % | {100 * m['faithful_rate']:.0f} % |"
                )
        if t.type == "faithfulness":
            lines += ["", "| set | test pairs | ours | entity overlap |", "|---|---|---|---|"]
            for name, v in t.details["per_set"].items():
                lines.append(f"| {name} | {v['test_pairs']} | {_fmt(v['balanced_accuracy'])} | "
                             f"{_fmt(v['entity_overlap_balanced_accuracy'])} |")
            lines += ["", "Threshold chosen on the calibration half, reported on the test half "
                      "(halves split by document). Weights fitted on the calibration half: "
                      f"`{json.dumps(t.details['weights'])}`"]
        if t.type == "corruption":
            fails = t.details.get("unrepaired", [])[:8]
            if fails:
                lines += ["", "Some artifacts left unrepaired (gold -> corrupted):", ""]
                lines += [f"- {f['kind']}: `{_md_escape(f['gold'])}` -> "
                          f"`{_md_escape(repr(f['corrupted']))}`" for f in fails]
            fe = t.details.get("false_edits", [])[:8]
            if fe:
                lines += ["", "Edits made to clean (never corrupted) text:", ""]
                lines += [f"- {e['kind']}: `{_md_escape(repr(e['before']))}` -> "
                          f"`{_md_escape(repr(e['after']))}`" for e in fe]
        if t.type == "unchanged" and t.details.get("changed"):
            lines += ["", "Human-unedited segments the cleanup changed:", ""]
            lines += [f"- `{_md_escape(c['before'][:120])}` -> `{_md_escape(c['after'][:120])}`"
                      for c in t.details["changed"][:6]]
    if plots.get("_latency"):
        lines += ["", "## Latency", "", "![latency](latency.png)"]
    return "\n".join(lines) + "\n"


def write(report: SuiteReport, out: Path, command: str = "mtbrief eval") -> dict[str, Path]:
    """Write report.json, report.md and the plots into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    plots: dict[str, list[str]] = {}
    for fn in (plot_error_reduction, plot_briefs, plot_faithfulness):
        for name in fn(report, out):
            task = next(t.name for t in report.tasks if name.startswith(t.name + "_"))
            plots.setdefault(task, []).append(name)
    plots["_latency"] = plot_latency(report, out)
    (out / "report.json").write_text(
        json.dumps(report.to_dict(), indent=1, ensure_ascii=False, default=str), encoding="utf-8"
    )
    (out / "report.md").write_text(render_markdown(report, plots, command), encoding="utf-8")
    files = {"json": out / "report.json", "md": out / "report.md"}
    for names in plots.values():
        for n in names:
            files[n] = out / n
    return files


def print_summary(report: SuiteReport) -> None:
    """A rich table: one row per task and key metric, thresholds and status."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"mtbrief eval {report.suite}: "
                        f"{'PASSED' if report.passed else 'FAILED'}")
    for col in ("task", "metric", "value", "threshold", "status"):
        table.add_column(col)
    for t in report.tasks:
        style = {"passed": "green", "skipped": "yellow"}.get(t.status, "red")
        if t.status == "skipped" or not t.metrics:
            table.add_row(t.name, "", "", "", f"[{style}]{t.status}[/] {t.reason[:60]}")
            continue
        shown = {th.metric: th for th in t.thresholds}
        keys = list(shown) + [k for k in t.metrics if k not in shown and direction(k) != 0
                              and "." not in k][:4]
        for i, k in enumerate(keys):
            th = shown.get(k)
            ok = "" if th is None else ("[green]ok[/]" if th.passed else "[red]MISSED[/]")
            table.add_row(t.name if i == 0 else "", k, _fmt(t.metrics.get(k), k),
                          "" if th is None else f"{th.op} {th.value}",
                          (f"[{style}]{t.status}[/] " if i == 0 else "") + ok)
    for r in report.regressions:
        table.add_row("(baseline)", r["metric"], _fmt(r["current"]), f"was {_fmt(r['baseline'])}",
                      "[red]REGRESSION[/]")
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    console.print(table)
    for t in report.tasks:
        anchors = t.details.get("anchors") if t.type == "brief" else None
        if not anchors or not t.metrics:
            continue
        n = t.metrics["documents"]
        at = Table(title=f"{t.name}: ours vs anchors on the same {n} documents")
        for col in ("system", "R-1", "R-2", "R-L", "words", "unsupported"):
            at.add_column(col)
        for name, m in {"mtbrief (ours)": t.metrics, **anchors}.items():
            at.add_row(name, *(f"{100 * m[k]:.1f}" for k in ("rouge1", "rouge2", "rougeL")),
                       f"{m['words']:.0f}", f"{100 * m['unsupported_rate']:.0f} %")
        console.print(at)
