"""Helpers shared by the brief tests (a uniquely named module: conftest modules of several test
folders would shadow each other if imported by name)."""

from __future__ import annotations

from mtbrief.brief.backends.base import Backend, GenerationConfig, Prompt


class ScriptedBackend(Backend):
    """A backend whose 'model' answers from a script: tests the pipeline's decisions."""

    backend_name = "scripted"

    def __init__(self, replies, family: str = "chat", positions: int = 4096):
        """``replies``: answers in order, or a function of the rendered prompt."""
        class _Tok:
            chat_template = "x"
            all_special_tokens = ()

            def __call__(self, texts, add_special_tokens=False):
                return {"input_ids": [t.split() for t in texts]}

            def get_vocab(self):
                return {}

        super().__init__("scripted", _Tok(), "causal", family, "cpu")
        self.replies = replies if callable(replies) else list(replies)
        self.prompts: list[Prompt] = []
        self.configs: list[GenerationConfig] = []
        self._positions = positions

    @property
    def max_positions(self) -> int:
        return self._positions

    def render(self, prompt: Prompt) -> str:
        if isinstance(prompt, str):
            return prompt
        return "\n".join(f"<{m['role']}> {m['content']}" for m in prompt)

    def preprocess(self, prompts):
        self.prompts.extend(prompts)
        return [self.render(p) for p in prompts]

    def forward(self, inputs, config):
        self.configs.append(config)
        return inputs

    def postprocess(self, outputs):
        if callable(self.replies):
            return [self.replies(text) for text in outputs]
        return [self.replies.pop(0) if self.replies else "" for _ in outputs]
