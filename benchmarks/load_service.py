"""Load test for the HTTP service: /v1/clean and /v1/brief under concurrent clients, beside a
single-request baseline measured in the same run on the same server.

    python benchmarks/load_service.py --model small            # starts its own server
    python benchmarks/load_service.py --url http://127.0.0.1:8000 --api-key KEY

Loopback only (a non-loopback --url is refused), bounded in count (--requests) and time
(--max-seconds per phase).  Prints p50/p95 latency, throughput, the 503 rate and errors per phase,
and how much faster concurrent brief throughput is than sequential single requests (the
micro-batcher's pay-off).  Inputs: the paragraphs of seeds/*.txt (or --input files), so every
request carries different text.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Phase:
    endpoint: str
    mode: str
    clients: int
    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    busy: int = 0  # 503
    errors: int = 0
    batch_sizes: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def sent(self) -> int:
        return self.ok + self.busy + self.errors

    def summary(self) -> dict:
        lat = sorted(self.latencies)

        def p(q: float) -> float:
            return lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")

        return {
            "endpoint": self.endpoint,
            "mode": self.mode,
            "clients": self.clients,
            "requests": self.sent,
            "ok": self.ok,
            "rate_503": self.busy / self.sent if self.sent else 0.0,
            "errors": self.errors,
            "p50_s": p(0.50),
            "p95_s": p(0.95),
            "throughput_rps": self.ok / self.seconds if self.seconds else 0.0,
            "mean_batch": statistics.mean(self.batch_sizes) if self.batch_sizes else None,
        }


def require_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        raise SystemExit(f"cannot resolve {host!r}") from None
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise SystemExit(f"refusing to load-test {host!r}: loopback addresses only")


def load_texts(paths: list[Path], min_chars: int = 200) -> list[str]:
    texts = []
    for path in paths:
        for para in path.read_text(encoding="utf-8").split("\n"):
            if len(para.strip()) >= min_chars:
                texts.append(para.strip())
    if not texts:
        raise SystemExit("no input paragraphs of at least 200 characters")
    return texts


async def run_phase(
    client: httpx.AsyncClient,
    endpoint: str,
    texts: list[str],
    *,
    clients: int,
    requests: int,
    max_seconds: float,
    options: dict,
) -> Phase:
    phase = Phase(endpoint, "sequential" if clients == 1 else "concurrent", clients)
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds

    async def worker() -> None:
        for i in counter:
            if time.monotonic() > deadline:
                return
            body = {"text": texts[i % len(texts)], **options}
            started = time.perf_counter()
            try:
                r = await client.post(f"/v1/{endpoint}", json=body)
            except httpx.HTTPError:
                phase.errors += 1
                continue
            elapsed = time.perf_counter() - started
            if r.status_code == 200:
                phase.ok += 1
                phase.latencies.append(elapsed)
                if "batch_size" in r.json():
                    phase.batch_sizes.append(r.json()["batch_size"])
            elif r.status_code == 503:
                phase.busy += 1
            else:
                phase.errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    phase.seconds = time.perf_counter() - started
    return phase


def start_server(args: argparse.Namespace, workdir: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "MTBRIEF_AUTH_DISABLED": "true",
        "MTBRIEF_MODEL": args.model,
        "MTBRIEF_JOBS_DB": str(workdir / "jobs.sqlite3"),
        "MTBRIEF_QUEUE_SIZE": str(args.queue_size),
        "MTBRIEF_BRIEF_MAX_BATCH": str(args.max_batch),
        "MTBRIEF_REQUEST_TIMEOUT_S": str(args.max_seconds),
    }
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "mtbrief.api:app_from_env",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(cmd, env=env, cwd=ROOT), f"http://127.0.0.1:{port}"


async def wait_ready(client: httpx.AsyncClient, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            r = await client.get("/readyz")
            if r.status_code == 200:
                return r.json()
            if r.json().get("status") == "failed":
                raise SystemExit(f"server warm-up failed: {r.json()}")
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.5)
    raise SystemExit("server not ready in time")


def fmt(s: dict) -> str:
    batch = f"{s['mean_batch']:.1f}" if s["mean_batch"] else "-"
    return (
        f"{s['endpoint']:<6} {s['mode']:<11} {s['clients']:>3} {s['requests']:>5} {s['ok']:>5} "
        f"{s['rate_503']:>6.1%} {s['errors']:>4} "
        f"{s['p50_s'] * 1000:>9.0f} {s['p95_s'] * 1000:>9.0f} "
        f"{s['throughput_rps']:>8.2f} {batch:>6}"
    )


async def main_async(args: argparse.Namespace) -> list[dict]:
    seeds = [p for p in sorted((ROOT / "seeds").glob("*.txt")) if ".expected" not in p.name]
    texts = load_texts(args.input or seeds)
    headers = {"Authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    timeout = httpx.Timeout(args.max_seconds + 30)
    limits = httpx.Limits(max_connections=args.clients + 4)
    async with httpx.AsyncClient(
        base_url=args.url, headers=headers, timeout=timeout, limits=limits
    ) as c:
        ready = await wait_ready(c, args.ready_timeout)
        print(
            f"server ready: model {ready.get('model')} (warm-up {ready.get('warmup_s', 0):.1f} s); "
            f"{len(texts)} distinct inputs",
            flush=True,
        )
        results = []
        plan = [
            ("clean", {}, args.clean_requests),
            ("brief", {"max_words": args.max_words}, args.requests),
        ]
        for endpoint, options, n in plan:
            for clients in (1, args.clients):
                phase = await run_phase(
                    c,
                    endpoint,
                    texts,
                    clients=clients,
                    requests=max(1, n // 2) if clients == 1 else n,
                    max_seconds=args.max_seconds,
                    options=options,
                )
                results.append(phase.summary())
                print(fmt(results[-1]), flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", help="a running server (loopback only); default: start one")
    parser.add_argument("--api-key")
    parser.add_argument("--model", default="small", help="model for the server this script starts")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--requests", type=int, default=16, help="brief requests (concurrent phase)"
    )
    parser.add_argument("--clean-requests", type=int, default=64)
    parser.add_argument("--max-words", type=int, default=40)
    parser.add_argument("--max-seconds", type=float, default=180.0, help="per phase")
    parser.add_argument("--ready-timeout", type=float, default=600.0)
    parser.add_argument("--queue-size", type=int, default=64)
    parser.add_argument("--max-batch", type=int, default=8)
    parser.add_argument("--input", type=Path, action="append", help="text files (paragraphs)")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()

    server = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.url is None:
            server, args.url = start_server(args, Path(tmp))
        require_loopback(args.url)
        try:
            print(
                f"{'route':<6} {'mode':<11} {'cli':>3} {'sent':>5} {'ok':>5} {'503':>6} {'err':>4} "
                f"{'p50 ms':>9} {'p95 ms':>9} {'req/s':>8} {'batch':>6}"
            )
            results = asyncio.run(main_async(args))
        finally:
            if server is not None:
                server.terminate()
                server.wait(30)
    by = {(r["endpoint"], r["mode"]): r for r in results}
    for endpoint in ("clean", "brief"):
        seq, conc = by[(endpoint, "sequential")], by[(endpoint, "concurrent")]
        if seq["throughput_rps"]:
            gain = conc["throughput_rps"] / seq["throughput_rps"]
            print(f"{endpoint}: concurrent throughput = {gain:.2f}x sequential single requests")
    if args.json:
        args.json.write_text(
            json.dumps(
                {"args": {k: str(v) for k, v in vars(args).items()}, "results": results}, indent=2
            )
        )


if __name__ == "__main__":
    main()
