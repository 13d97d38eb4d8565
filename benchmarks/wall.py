"""Benchmark: the video wall left running — server memory over many refresh cycles, and time to draw nine tiles.

    python -m benchmarks.wall [--cycles 500] [--refresh 0.5] [--uploads 10] [--width 5760 --height 3240]

Seeds a temp SQLite database with the sample data, serves the app (`python -m dashboard serve`) with the wall's
refresh interval set by IOC_WALL_REFRESH_SECONDS, and drives Debian's Chromium with Playwright:
  1. time to nine tiles: from navigation to every panel's tile and chart drawn, on a fresh page, once with the
     server's caches cold and then `--loads` times warm (target: under 5 s at 5760×3240);
  2. the long run: one page left open for `--cycles` refreshes (counted on the page, by the heartbeat each refresh
     writes), a sample report re-imported `--uploads` times along the way (each bumps the data version, so the
     wall's caches take new entries and must evict old ones); the Streamlit server's resident memory is read from
     /proc after `--warmup` cycles and at the end (target: growth under 30 MB), with the page's JS heap.
It is a measurement, not a test: the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "tthc_thi_xa_2023_12.xlsx"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TARGET_DRAW_SECONDS = 5.0
TARGET_GROWTH_MB = 30.0
# Every panel has its tile, and every view that has a chart has its chart drawn (hidden rotating views too).
TILES_DRAWN = """
(count) => [...Array(count).keys()].every(i => {
  const panel = document.querySelector(`.st-key-wall-panel-${i + 1}`);
  if (!panel || !panel.querySelector(".wall-tile")) return false;
  return [...panel.querySelectorAll(".wall-tile[data-wall-chart]")].every(t => {
    const view = t.closest('[class*="-view-"]');
    return view && view.querySelector("svg.main-svg g.trace");
  });
})
"""
MISSING = """
(count) => [...Array(count).keys()].map(i => i + 1).filter(n => {
  const panel = document.querySelector(`.st-key-wall-panel-${n}`);
  return !panel || !panel.querySelector(".wall-tile") || [...panel.querySelectorAll(".wall-tile[data-wall-chart]")]
    .some(t => !t.closest('[class*="-view-"]').querySelector("svg.main-svg g.trace"));
})
"""
COUNT_BEATS = """
() => {
  window.__beats = 0;
  let last = null;
  setInterval(() => {
    const el = document.querySelector("[data-wall-beat]");
    const beat = el && el.getAttribute("data-wall-beat");
    if (beat && beat !== last) { last = beat; window.__beats++; }
  }, 20);
}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class Server:
    """`python -m dashboard serve` on a free port: the Streamlit server whose memory is measured."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.url = f"http://127.0.0.1:{_free_port()}"
        port = self.url.rsplit(":", 1)[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "serve", "--port", port],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r,
            ):
                if r.status == 200:
                    break
            time.sleep(0.3)
        else:
            self.stop()
            raise TimeoutError("the server never answered")

    def rss_mb(self) -> float:
        return _rss_mb(self.process.pid)  # `dashboard serve` becomes the Streamlit server (exec)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def time_to_tiles(browser: Any, url: str, width: int, height: int, panels: int) -> float:
    """Seconds from navigation to every tile and chart drawn, on a fresh page."""
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        started = time.perf_counter()
        page.goto(url)
        try:
            page.wait_for_function(TILES_DRAWN, arg=panels, timeout=180_000, polling=50)
        except Exception:
            print(
                f"not drawn after 180 s — panels without their tile or chart: {page.evaluate(MISSING, panels)}"
            )
            raise
        return time.perf_counter() - started
    finally:
        page.close()


def js_heap_mb(page: Any) -> float:
    """The page's live JS heap, after a garbage collection (so two readings compare)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("HeapProfiler.collectGarbage")
        return float(cdp.send("Runtime.getHeapUsage")["usedSize"]) / 2**20
    finally:
        cdp.detach()


def _upload(env: dict[str, str]) -> None:
    """Re-import a sample report: a new batch replaces the old one and the data version goes up."""
    subprocess.run(
        [sys.executable, "-m", "dashboard", "import", str(SAMPLE), "--accept-warnings"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def run(args: argparse.Namespace) -> None:
    from playwright.sync_api import sync_playwright

    print(
        f"Wall benchmark — {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    with os.popen("uptime") as uptime:
        print(f"machine load: {uptime.read().strip()}")
    with tempfile.TemporaryDirectory(prefix="wall-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
        env.update({"IOC_DATA_DIR": tmp, "IOC_WALL_REFRESH_SECONDS": str(args.refresh)})
        seeded = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "dashboard", "seed"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        print(f"sample data seeded in {time.perf_counter() - seeded:.1f} s")
        server = Server(env)
        url = f"{server.url}/wall"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    draws = [
                        time_to_tiles(browser, url, args.width, args.height, 9) for _ in range(args.loads + 1)
                    ]
                    _long_run(args, browser, server, env, url, draws)
                finally:
                    browser.close()
        finally:
            server.stop()


def _long_run(
    args: argparse.Namespace, browser: Any, server: Server, env: dict[str, str], url: str, draws: list[float]
) -> None:
    cold, warm = draws[0], draws[1:]
    warm_median = statistics.median(warm) if warm else cold
    page = browser.new_page(viewport={"width": args.width, "height": args.height})
    page.goto(url)
    page.wait_for_function(TILES_DRAWN, arg=9, timeout=180_000)
    page.evaluate(COUNT_BEATS)
    upload_every = max(args.cycles // (args.uploads + 1), 1) if args.uploads else 0
    uploads = 0
    started = time.perf_counter()
    start_rss = start_heap = None
    peak_rss = 0.0
    beats = 0
    while beats < args.cycles:
        time.sleep(0.2)
        beats = int(page.evaluate("() => window.__beats"))
        peak_rss = max(peak_rss, server.rss_mb())
        if start_rss is None and beats >= args.warmup:
            start_rss, start_heap = server.rss_mb(), js_heap_mb(page)
            start_beats = beats
        if upload_every and uploads < args.uploads and beats >= upload_every * (uploads + 1):
            _upload(env)
            uploads += 1
        if time.perf_counter() - started > args.cycles * args.refresh * 20 + 600:
            print("stopped: the page stopped refreshing")
            break
    elapsed = time.perf_counter() - started
    end_rss, end_heap = server.rss_mb(), js_heap_mb(page)
    page.close()
    assert start_rss is not None and start_heap is not None
    growth = end_rss - start_rss
    print()
    print(
        f"time to nine tiles at {args.width}×{args.height}: cold {cold:.2f} s; warm {', '.join(f'{d:.2f}' for d in warm)} s"
    )
    print(
        f"  target under {TARGET_DRAW_SECONDS:g} s (warm median {warm_median:.2f} s): {'PASS' if warm_median < TARGET_DRAW_SECONDS else 'FAIL'}"
    )
    print(
        f"refresh cycles: {beats} at {args.refresh:g} s in {elapsed:.0f} s ({elapsed / max(beats, 1):.2f} s a cycle), {uploads} uploads"
    )
    print(
        f"server memory (Streamlit RSS): {start_rss:.1f} MB after {start_beats} cycles, {end_rss:.1f} MB after {beats} "
        f"(peak {peak_rss:.1f} MB): growth {growth:+.1f} MB"
    )
    print(f"  target growth under {TARGET_GROWTH_MB:g} MB: {'PASS' if growth < TARGET_GROWTH_MB else 'FAIL'}")
    print(f"page JS heap: {start_heap:.1f} MB → {end_heap:.1f} MB ({end_heap - start_heap:+.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.wall", description=__doc__.split("\n")[0])
    parser.add_argument("--cycles", type=int, default=500, help="refresh cycles of the long run")
    parser.add_argument("--refresh", type=float, default=0.5, help="the wall's refresh interval, seconds")
    parser.add_argument("--uploads", type=int, default=10, help="reports re-imported during the long run")
    parser.add_argument("--warmup", type=int, default=20, help="cycles before the first memory reading")
    parser.add_argument("--loads", type=int, default=3, help="warm page loads timed after the cold one")
    parser.add_argument("--width", type=int, default=5760)
    parser.add_argument("--height", type=int, default=3240)
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
