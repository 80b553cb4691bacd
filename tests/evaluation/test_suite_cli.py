"""`mtbrief eval`: suites pass on main, fail on deliberate regressions, write readable reports."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from typer.testing import CliRunner

from mtbrief.cli.main import app
from mtbrief.evaluation.suite import SuiteError, Threshold, compare, direction, load_suite

runner = CliRunner()


def _eval(*args: str):
    return runner.invoke(app, ["eval", *map(str, args)], catch_exceptions=False)


def _report(out):
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def main_run(eval_dir, tmp_path_factory):
    """The cleanup tasks of the smoke suite on the current tree."""
    out = tmp_path_factory.mktemp("main")
    res = _eval(eval_dir / "smoke.toml", "--output", out, "--only", "corruption",
                "--only", "mlqe_unedited", "-q")
    return res, out


def test_shipped_suites_are_valid(eval_dir):
    for name in ("smoke.toml", "full.toml"):
        suite = load_suite(eval_dir / name)
        assert suite["tasks"]
    smoke = load_suite(eval_dir / "smoke.toml")
    assert {t["type"] for t in smoke["tasks"]} >= {"corruption", "unchanged", "faithfulness",
                                                    "brief"}


def test_smoke_cleanup_passes_on_main(main_run):
    res, out = main_run
    report = _report(out)
    assert res.exit_code == 0, [t["reason"] for t in report["tasks"]]
    assert report["passed"] is True
    corruption = next(t for t in report["tasks"] if t["name"] == "corruption")
    assert corruption["metrics"]["documents"] > 0 and corruption["thresholds"]


@pytest.mark.parametrize("repair", ["glued_words", "unicode_text"])
def test_disabled_repair_fails_the_gate(eval_dir, tmp_path, repair):
    res = _eval(eval_dir / "smoke.toml", "--output", tmp_path, "--only", "corruption",
                "--disable", repair, "--limit", "6", "-q")
    assert res.exit_code == 1
    task = _report(tmp_path)["tasks"][0]
    assert task["status"] == "failed"
    assert task["details"]["disabled"] == [repair]
    missed = {t["metric"] for t in task["thresholds"] if not t["passed"]}
    kinds = {"glued_words": "glued_word", "unicode_text": "mojibake"}
    assert f"{kinds[repair]}.error_reduction" in missed


def test_disable_by_environment(eval_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("MTBRIEF_EVAL_DISABLE", "glued_words")
    res = _eval(eval_dir / "smoke.toml", "--output", tmp_path, "--only", "corruption",
                "--limit", "6", "-q")
    assert res.exit_code == 1


def test_baseline_regression(main_run, eval_dir, tmp_path):
    _, out = main_run
    base = _report(out)
    task = next(t for t in base["tasks"] if t["name"] == "mlqe_unedited")
    task["metrics"]["unchanged_rate"] = 2.0  # a baseline no run can reach
    (tmp_path / "base.json").write_text(json.dumps(base), encoding="utf-8")
    smoke = eval_dir / "smoke.toml"
    res = _eval(smoke, "--output", tmp_path / "r", "--only", "mlqe_unedited", "--baseline",
                tmp_path / "base.json", "-q")
    assert res.exit_code == 1
    regs = _report(tmp_path / "r")["regressions"]
    assert [r["metric"] for r in regs] == ["mlqe_unedited.unchanged_rate"]
    res = _eval(smoke, "--output", tmp_path / "r2", "--only", "mlqe_unedited", "--baseline",
                tmp_path / "base.json", "--tolerance", "5", "-q")
    assert res.exit_code == 0


def test_report_renders(main_run):
    _, out = main_run
    md = (out / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Evaluation report: `smoke`")
    for img in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md):
        assert (out / img).is_file() and (out / img).stat().st_size > 5000
    assert (out / "corruption_error_reduction.png").is_file()
    assert (out / "latency.png").is_file()
    # every table row has as many cells as its header
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---"):
            cols = lines[i - 1].count("|")
            j = i + 1
            while j < len(lines) and lines[j].startswith("|"):
                assert lines[j].replace("\\|", "").count("|") == cols, lines[j]
                j += 1


def test_bad_suites_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    for text in ("not toml [", "name = 'x'", "[[tasks]]\nname='a'\ntype='nope'",
                 "[[tasks]]\nname='a'\ntype='corruption'\ndata='missing.jsonl'",
                 "[[tasks]]\nname='a'\ntype='unchanged'\ndata='x.jsonl'\n"
                 "[tasks.thresholds]\nunchanged_rate='about 1'"):
        bad.write_text(text, encoding="utf-8")
        assert _eval(bad, "--output", tmp_path / "o", "-q").exit_code == 2
    bad.write_text("[[tasks]]\nname='a'\ntype='unchanged'\ndata='x.jsonl'\noptional=true\n",
                   encoding="utf-8")
    res = _eval(bad, "--output", tmp_path / "o", "-q")
    assert res.exit_code == 0 and _report(tmp_path / "o")["tasks"][0]["status"] == "skipped"
    with pytest.raises(SuiteError):
        load_suite(tmp_path / "nowhere.toml")


def test_unknown_repair_is_a_usage_error(eval_dir, tmp_path):
    res = _eval(eval_dir / "smoke.toml", "--output", tmp_path, "--only", "mlqe_unedited",
                "--disable", "no_such_repair", "-q")
    assert res.exit_code == 2


def test_thresholds_and_directions():
    t = Threshold.parse("x.error_reduction", ">= 0.9")
    assert t.check({"x.error_reduction": 0.95}) and not t.check({"x.error_reduction": 0.5})
    assert not t.check({})  # an unmeasured metric never passes
    assert Threshold.parse("false_edits_per_1000", 0.2).op == "<="
    assert direction("a.rouge1") == 1 and direction("false_edits_per_1000") == -1
    assert direction("latency_median_s") == 0


def test_compare_ignores_neutral_metrics():
    from mtbrief.evaluation.suite import SuiteReport, TaskResult

    rep = SuiteReport("s", "p", "now", None, {}, [TaskResult(
        "t", "brief", "brief", metrics={"rouge1": 0.40, "latency_median_s": 9.0})])
    base = {"tasks": [{"name": "t", "metrics": {"rouge1": 0.45, "latency_median_s": 1.0}}]}
    assert [r["metric"] for r in compare(rep, base, 0.02)] == ["t.rouge1"]
    assert compare(rep, base, 0.1) == []


def _brief_ready() -> bool:
    try:
        from mtbrief.brief import brief  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _brief_ready(), reason="the brief stage is not installed")
def test_broken_prompt_fails_the_gate(eval_dir, tmp_path):
    ok = _eval(eval_dir / "smoke.toml", "--output", tmp_path / "ok", "--only", "brief_summeval",
               "--limit", "1", "-q")
    task = _report(tmp_path / "ok")["tasks"][0]
    if task["status"] == "error":
        pytest.skip(f"the small model cannot run here: {task['reason']}")
    assert ok.exit_code == 0, task["reason"]
    broken = tmp_path / "prompts"
    shutil.copytree(eval_dir.parent / "prompts", broken)
    for path in broken.rglob("chat.*.txt"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\[user\]\n.*?(?=\n\[|\Z)", "[user]\nReply with the single "
                               "word OK and nothing else.", text, flags=re.S), encoding="utf-8")
    res = _eval(eval_dir / "smoke.toml", "--output", tmp_path / "bad", "--only",
                "brief_summeval", "--limit", "1", "--prompts-dir", broken, "-q")
    assert res.exit_code == 1
    task = _report(tmp_path / "bad")["tasks"][0]
    assert task["status"] == "failed", task["reason"]
    assert "threshold missed" in task["reason"]


def test_whitespace_and_extraction_tasks(eval_dir, tmp_path):
    pytest.importorskip("mtbrief.ingest.html")
    res = _eval(eval_dir / "smoke.toml", "--output", tmp_path, "--only", "tokenization_repair",
                "--only", "extraction", "--limit", "3", "-q")
    tasks = {t["name"]: t for t in _report(tmp_path)["tasks"]}
    assert res.exit_code == 0, {n: t["reason"] for n, t in tasks.items()}
    assert tasks["extraction"]["metrics"]["pages"] == 3
    assert 0.5 < tasks["extraction"]["metrics"]["token_f1"] <= 1.0
    assert 0 <= tasks["extraction"]["metrics"]["trafilatura_token_f1"] <= 1.0
    ws = tasks["tokenization_repair"]["metrics"]
    assert ws["lines_with_errors"] + ws["lines_without_errors"] == 3


def test_limit_takes_languages_in_turn_so_a_quick_look_covers_each():
    from mtbrief.evaluation.suite import RunOptions, _limit

    rows = [{"id": i, "lang": lang} for i, lang in enumerate(["en"] * 5 + ["ru"] * 3 + ["ar"])]
    task = {"languages": ["en", "ru", "ar"]}
    picked = _limit(rows, task, RunOptions(limit=4))
    assert [r["lang"] for r in picked] == ["en", "ru", "ar", "en"]
    assert [r["id"] for r in picked] == [0, 5, 8, 1]  # file order within a language
    # One language, or no limit: the file's order, untouched.
    assert _limit(rows, {"languages": ["en"]}, RunOptions(limit=2)) == rows[:2]
    assert _limit(rows, task, RunOptions()) == rows


def test_segments_are_joined_as_on_the_page():
    from mtbrief.evaluation.suite import join_segments

    text = join_segments(["Libya claims 7 thousand mercenaries", "There are more.", " ",
                          "He said: “Yes.”", "Caption"])
    assert text == "Libya claims 7 thousand mercenaries\nThere are more. He said: “Yes.” Caption"
    assert join_segments([]) == ""


def test_a_repair_that_raises_counts_as_an_error_of_the_task(
    monkeypatch: pytest.MonkeyPatch, broken_repair: object
) -> None:
    """The pipeline goes on without a repair that raised; the evaluation still sees it, so a
    suite whose thresholds allow no errors fails instead of reporting lower figures."""
    from mtbrief.cleanup import pipeline as pipeline_module
    from mtbrief.evaluation.suite import make_clean_fn

    real_default = pipeline_module.Pipeline.default

    def default(disable: object = ()) -> pipeline_module.Pipeline:
        pipe = real_default(disable=["lm_check"])
        pipe.repairs.append(broken_repair)  # type: ignore[arg-type]
        return pipe

    monkeypatch.setattr(pipeline_module.Pipeline, "default", staticmethod(default))
    errors: list[str] = []
    out = make_clean_fn(errors=errors)("The minister arrived andIraq said so.", "en")
    assert "and Iraq" in out.text  # the other repairs ran
    assert errors == ["broken (failed: IndexError: list index out of range)"]
