"""The brief stage: cleaned article -> input plan -> generation -> faithfulness guard -> result.

Data flow for a batch of articles (a single article is a batch of one)::

    clean (stage 1) -> sentences -> plan the model input within its token budget:
        'full' (fits) | 'salient' (extractive selection) | 'chunked' (notes per part, combined)
    -> generate drafts (one batched call) -> trim to whole sentences within the length
    -> guard: canonical names, then unsupported names/numbers?
        -> retry with the spans named (batched) -> drop offending sentences -> extractive brief

The model never sees a silently cut article: a long one is reduced to whole salient sentences and
the result lists them (``source_sentences``, indices from :func:`mtbrief.brief.text.
split_sentences` over ``clean.text``).  Prompt wording lives in ``prompts/``; decoding lives in
the backends; this module only orchestrates and must never invent text of its own.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from ..cleanup.lexicon import base_lang
from ..cleanup.pipeline import CleanResult, clean
from ..errors import InputError
from ..ingest.language import detect_language
from .backends import Backend, GenerationConfig, Prompt
from .extractive import extractive_brief, salience, select_within_budget
from .guard import GuardCheck, SourceIndex, check, remove_sentences
from .prompts import DEFAULT_VERSION, PromptTemplate, language_name, load_prompt
from .result import BriefResult, GuardReport, UnsupportedSpan
from .text import Sentence, count_words, split_sentences, trim_to_length

DEFAULT_MAX_WORDS = 60  # issue 6: "at most 60 words" gave the best ROUGE at the lowest latency
DEFAULT_MAX_SENTENCES = 3
# Prompt tokens cost ~4-9 ms each on 2 cores (Qwen 1.5B int8); beyond this cap the article is
# reduced to salient sentences even when the model's context would take more.  On 37 SummEval
# articles (R1/R2/RL) cap 1536 gives 49.1/25.7/37.2, 768 gives 49.3/25.5/37.3 and 512 gives
# 48.6/25.0/37.3 (lead-3 48.2/23.9/32.5); a 700-word article takes a median 17.7 / 12.6 / 9.4 s
# (benchmarks/brief_summeval.py, benchmarks/brief_input_cap.py).  768 keeps the quality, cuts the
# time by 30 %, and still names the seed's three key entities, which 512 drops.
INPUT_TOKEN_CAP = 768
# Chunking (a brief per part, then a combined brief) costs one generation per part: it starts
# only above CHUNK_FACTOR x the budget that this wider cap would give.
CHUNK_INPUT_CAP = 1536
CHUNK_FACTOR = 4
MAX_CHUNKS = 8
NOTE_WORDS = 40
EXTRACTIVE_MODEL = "extractive (centrality; no model text kept)"
MIN_LANG_CHECK_WORDS = 6  # language detection on fewer words is a guess

_PREAMBLE = regex.compile(r"^[^\n.!?]{0,80}:\s*\n+")
_MARKUP = regex.compile(r"(?m)^\s*(?:[-*•]|\d+[.)]|#+)\s+|\*\*|__")


@dataclass
class BriefOptions:
    """Per-call options (validated once)."""

    target_lang: str | None = None
    max_words: int = DEFAULT_MAX_WORDS
    max_sentences: int = DEFAULT_MAX_SENTENCES
    prompt_version: str = DEFAULT_VERSION
    batch_size: int = 8

    @classmethod
    def build(
        cls,
        target_lang: str | None = None,
        max_words: int | None = None,
        max_sentences: int | None = None,
        prompt_version: str = DEFAULT_VERSION,
        batch_size: int = 8,
    ) -> BriefOptions:
        for name, value in (("max_words", max_words), ("max_sentences", max_sentences)):
            if value is not None and (not isinstance(value, int) or value < 1):
                raise InputError(f"{name} must be a positive whole number, got {value!r}")
        if max_words is None and max_sentences is None:
            max_words, max_sentences = DEFAULT_MAX_WORDS, DEFAULT_MAX_SENTENCES
        elif max_words is None:
            max_words = 25 * max_sentences  # type: ignore[operator]
        elif max_sentences is None:
            max_sentences = max(1, math.ceil(max_words / 20))
        if target_lang is not None and not regex.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z]+)?",
                                                           target_lang):
            raise InputError(f"target_lang must be a language code like 'en', got {target_lang!r}")
        return cls(base_lang(target_lang), max_words, max_sentences, prompt_version, batch_size)


@dataclass
class _Job:
    """One article's state through the stage."""

    clean: CleanResult
    sentences: list[Sentence]
    target: str
    index: SourceIndex
    selection: str = "full"
    selected: list[int] = field(default_factory=list)
    chunks: list[list[int]] = field(default_factory=list)
    messages: Prompt = ""
    drafts: list[str] = field(default_factory=list)
    brief: str = ""
    report: GuardReport | None = None
    result_lang: str | None = None
    timings: dict[str, float] = field(default_factory=dict)


class Briefer:
    """Writes faithful briefs with one loaded backend (see :func:`mtbrief.brief.brief`)."""

    def __init__(self, backend: Backend, options: BriefOptions | None = None) -> None:
        self.backend = backend
        self.options = options or BriefOptions()

    # ---- prompts -----------------------------------------------------------------------------
    def _template(self, lang: str) -> PromptTemplate:
        return load_prompt(self.backend.family, lang, version=self.options.prompt_version)

    def _values(self, template: PromptTemplate, lang: str, words: int, sents: int) -> dict:
        return {
            "language": language_name(lang, template.lang or "en"),
            "lang": lang,
            "max_words": words,
            "max_sentences": sents,
        }

    def _prompt(
        self, article: str, lang: str, section: str = "user", words: int | None = None,
        sents: int | None = None,
    ) -> Prompt:
        words = words or self.options.max_words
        sents = sents or self.options.max_sentences
        template = self._template(lang)
        if not template.has(section):
            section = "user"
        values = self._values(template, lang, words, sents)
        user = template.render(section, article=article, **values)
        if self.backend.family != "chat":
            return user
        messages = []
        if template.has("system"):
            messages.append({"role": "system", "content": template.render("system", **values)})
        messages.append({"role": "user", "content": user})
        return messages

    def _retry_prompt(self, job: _Job, spans: Sequence[UnsupportedSpan], language: bool) -> Prompt:
        if self.backend.family != "chat" or not isinstance(job.messages, list):
            return job.messages  # seq2seq models take no instructions: retry decodes differently
        template = self._template(job.target)
        values = self._values(template, job.target, self.options.max_words,
                              self.options.max_sentences)
        if spans:
            listed = ", ".join(f"“{s}”" for s in dict.fromkeys(s.text for s in spans))
            turn = template.render("retry", unsupported=listed, **values)
        else:
            section = "retry_language" if template.has("retry_language") else "user"
            turn = template.render(section, article="", **values)
        return [*job.messages, {"role": "assistant", "content": job.drafts[-1]},
                {"role": "user", "content": turn}]

    # ---- planning ----------------------------------------------------------------------------
    def max_new_tokens(self, words: int | None = None, lang: str | None = None) -> int:
        words = words or self.options.max_words
        per_word = 1.8 if lang in {None, "en", "fr", "es", "de", "it", "pt", "nl"} else 3.0
        return int(words * per_word) + 16

    def _budgets(self, lang: str) -> tuple[int, int]:
        """Article tokens the model is given (under ``INPUT_TOKEN_CAP``), and the wider budget
        (under ``CHUNK_INPUT_CAP``): an article over ``CHUNK_FACTOR`` times it is chunked."""
        overhead = self.backend.count_tokens([self.backend.render(self._prompt("", lang))])[0]
        reserve = self.max_new_tokens(lang=lang) if self.backend.kind == "causal" else 0
        fixed = overhead + reserve + 8
        caps = (INPUT_TOKEN_CAP, max(CHUNK_INPUT_CAP, INPUT_TOKEN_CAP))
        budget, wide = (max(64, min(self.backend.max_positions, cap) - fixed) for cap in caps)
        return budget, wide

    def plan(self, job: _Job) -> None:
        texts = [s.text for s in job.sentences]
        if not texts:
            job.selection = "extractive"
            return
        budget, wide = self._budgets(job.target)
        costs = self.backend.count_tokens(texts)
        # A separator between sentences costs about one token each.
        total = sum(costs) + len(costs)
        cost_of = dict(zip(texts, (c + 1 for c in costs), strict=False))

        def cost(text: str) -> int:
            return cost_of.get(text) or self.backend.count_tokens([text])[0] + 1

        if total <= budget:
            job.selection, job.selected = "full", list(range(len(texts)))
            return
        scores = salience(texts, job.clean.lang)
        if total <= CHUNK_FACTOR * wide:
            job.selection = "salient"
            job.selected = select_within_budget(texts, budget, cost, job.clean.lang, scores)
        else:
            job.selection = "chunked"
            n = min(MAX_CHUNKS, math.ceil(total / wide))
            per = total / n
            chunks: list[list[int]] = [[]]
            acc = 0
            for i, c in enumerate(costs):
                if acc >= per * len(chunks) and len(chunks) < n:
                    chunks.append([])
                chunks[-1].append(i)
                acc += c + 1
            for part in chunks:
                local = [texts[i] for i in part]
                picked = select_within_budget(local, budget, cost, job.clean.lang,
                                              scores[part[0] : part[-1] + 1])
                if picked:
                    job.chunks.append([part[i] for i in picked])
            job.selected = sorted(i for part in job.chunks for i in part)
        if not job.selected:  # every sentence alone is over budget (no punctuation at all)
            job.selection = "extractive"

    # ---- the run -----------------------------------------------------------------------------
    def run(self, cleans: Sequence[CleanResult]) -> list[BriefResult]:
        jobs = []
        for c in cleans:
            t0 = time.perf_counter()
            sentences = split_sentences(c.text)
            target = self.options.target_lang or base_lang(c.lang) or "en"
            job = _Job(c, sentences, target, SourceIndex(c.text, c.lang, c.script, c.name_map))
            self.plan(job)
            job.timings["plan"] = time.perf_counter() - t0
            jobs.append(job)
        t0 = time.perf_counter()
        self._first_drafts([j for j in jobs if j.selection != "extractive"])
        generate_time = time.perf_counter() - t0
        t0 = time.perf_counter()
        self._guard(jobs)
        guard_time = time.perf_counter() - t0
        out = []
        for job in jobs:
            job.timings["generate"] = generate_time / max(1, len(jobs))
            job.timings["guard"] = guard_time / max(1, len(jobs))
            out.append(self._result(job))
        return out

    def _generate(self, prompts: list[Prompt], words: int | None = None,
                  lang: str | None = None, retry: bool = False) -> list[str]:
        if not prompts:
            return []
        seq2seq = self.backend.kind == "seq2seq"
        config = GenerationConfig(
            max_new_tokens=self.max_new_tokens(words, lang),
            num_beams=4 if seq2seq and retry else 1,
            no_repeat_ngram_size=3 if seq2seq else 0,
            repetition_penalty=1.1 if retry else 1.0,
        )
        return self.backend.generate(prompts, config, batch_size=self.options.batch_size)

    def _first_drafts(self, jobs: list[_Job]) -> None:
        # Very long articles: one note per part first (all parts of all articles in one batch).
        notes_for: list[tuple[_Job, int]] = []
        note_prompts: list[Prompt] = []
        for job in jobs:
            for part in job.chunks:
                article = " ".join(job.sentences[i].text for i in part)
                note_prompts.append(self._prompt(article, job.target, words=NOTE_WORDS, sents=2))
                notes_for.append((job, len(note_prompts) - 1))
        notes = self._generate(note_prompts, NOTE_WORDS)
        for job in jobs:
            if job.chunks:
                joined = "\n".join(notes[k] for j, k in notes_for if j is job)
                job.messages = self._prompt(joined, job.target, section="combine")
            else:
                article = " ".join(job.sentences[i].text for i in job.selected)
                job.messages = self._prompt(article, job.target)
        drafts = self._generate([j.messages for j in jobs])
        for job, draft in zip(jobs, drafts, strict=True):
            job.drafts.append(draft)

    def tidy(self, draft: str) -> str:
        """A draft as a brief: preamble and markup gone, one paragraph, cut to the length."""
        text = _PREAMBLE.sub("", draft.strip())
        text = _MARKUP.sub("", text)
        text = regex.sub(r"\s*\n+\s*", " ", text).strip().strip("\"“”«»")
        return trim_to_length(text, self.options.max_words, self.options.max_sentences)

    def _language(self, job: _Job, text: str) -> tuple[bool | None, str]:
        """(is ``text`` in the target language? None: too short to tell; language to check in)."""
        if count_words(text) < MIN_LANG_CHECK_WORDS:
            return None, job.target
        detected = detect_language(text)
        if detected is None:
            return None, job.target
        return detected == job.target, detected

    def _check(self, job: _Job, text: str) -> tuple[GuardCheck, bool | None]:
        # A draft in the wrong language is checked in its own language (numbers only, unless
        # it happens to be the source's), so its capitalised common nouns are not "names".
        ok, lang = self._language(job, text)
        return check(text, job.index, lang), ok

    def _guard(self, jobs: list[_Job]) -> None:
        pending: list[tuple[_Job, GuardCheck, bool | None]] = []
        for job in jobs:
            if job.selection == "extractive":
                self._extractive(job, GuardReport(supported=True, action="extractive",
                                                  attempts=0))
                continue
            result, lang_ok = self._check(job, self.tidy(job.drafts[-1]))
            job.report = GuardReport(
                supported=not result.unsupported, unsupported=result.unsupported,
                renamed=result.renamed, checks=result.checks, language_ok=lang_ok,
            )
            if result.unsupported or lang_ok is False or not result.text:
                pending.append((job, result, lang_ok))
            else:
                job.brief = result.text
        # Constrained retry, all articles that need one in one batch.  The language comes
        # first: a draft in the wrong language is asked again in the right one.
        retry_prompts = [
            self._retry_prompt(j, [] if ok is False else r.unsupported, ok is False)
            for j, r, ok in pending
        ]
        retries = self._generate(retry_prompts, retry=True)
        for (job, first, first_ok), redraft in zip(pending, retries, strict=True):
            assert job.report is not None
            job.drafts.append(redraft)
            job.report.attempts = 2
            second, lang_ok = self._check(job, self.tidy(redraft))
            job.report.renamed.update(second.renamed)
            if second.text and not second.unsupported and lang_ok is not False:
                job.brief, job.report.action, job.report.supported = second.text, "retry", True
                job.report.language_ok = lang_ok
                continue
            # Drop the offending sentences from whichever draft keeps more words.
            candidates = [
                remove_sentences(c.text, c.unsupported)
                for c, ok in ((first, first_ok), (second, lang_ok))
                if ok is not False
            ]
            candidates = [c for c in candidates if c and not self._check(job, c)[0].unsupported]
            if candidates:
                job.brief = max(candidates, key=count_words)
                job.report.action, job.report.supported = "removed_sentences", True
                job.report.language_ok = self._language(job, job.brief)[0]
                continue
            self._extractive(job, job.report)

    def _extractive(self, job: _Job, report: GuardReport) -> None:
        text, chosen = extractive_brief(
            job.clean.text, job.clean.lang, self.options.max_words, self.options.max_sentences,
            sentences=job.sentences,
        )
        report.action, report.supported = "extractive", True
        # Extracted sentences are the source's own: in its language, whatever was asked.
        report.language_ok = (base_lang(job.clean.lang) == job.target) if job.clean.lang else None
        job.brief, job.report = text, report
        job.selected = chosen
        job.result_lang = job.clean.lang

    def _result(self, job: _Job) -> BriefResult:
        assert job.report is not None
        job.report.drafts = list(job.drafts)
        lang = job.result_lang or job.target
        if job.report.language_ok is False and job.brief:
            lang = detect_language(job.brief) or lang
        return BriefResult(
            clean=job.clean,
            brief=job.brief,
            lang=lang,
            model=EXTRACTIVE_MODEL if job.report.action == "extractive" else self.backend.label,
            guard=job.report,
            source_sentences=job.selected,
            timings={k: round(v, 4) for k, v in job.timings.items()},
            selection=job.selection if job.report.action != "extractive" else "extractive",
        )


def clean_inputs(
    texts: Sequence[str | bytes],
    *,
    lang: str | None = None,
    glossary: Mapping[str, str] | str | Path | None = None,
    html: bool = False,
) -> list[CleanResult]:
    """Stage 1 for each input (plain text or an HTML page)."""
    if html:
        from ..ingest.html import clean_html

        return [clean_html(t, lang=lang, glossary=glossary) for t in texts]
    return [clean(t, lang=lang, glossary=glossary) for t in texts]
