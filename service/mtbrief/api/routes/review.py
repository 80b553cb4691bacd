"""``GET /``: the review page (plain HTML/JS from ``api/static``, no build step).

The page shows text with ``textContent`` only and a strict Content-Security-Policy forbids inline
and third-party scripts, so article HTML is never rendered and nothing is fetched from elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)


@router.get("/", response_class=HTMLResponse)
async def review_page() -> HTMLResponse:
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": CSP, "X-Frame-Options": "DENY"})


@router.get("/favicon.ico")
async def favicon() -> Response:
    """No icon; answer 204 so browsers do not log a 404 on every visit."""
    return Response(status_code=204)
