#!/usr/bin/env python3
"""Loads every page of a generated site in headless Chromium with JavaScript and network off,
and fails when a page does not render: no heading, an empty body, an SVG chart with no size,
an unrendered template tag, a script that ran anyway, or a request to another host; or when it
does not fit: at 1280 px and at 390 px (a phone), a table wider than the content column outside
a sideways-scrolling wrapper, a page wider than the window, chart text drawn below 9 px or
running past its chart's edge (measured with the real fonts). Before the browser starts it
checks the files: no page larger than MAX_PAGE_BYTES (sizes are bounded by design, never by
rows), and beside every results.json with `monitoring` a monitoring.html, with the drift heat map
when any window has drift measured.

Drives chromedriver over its HTTP WebDriver API (standard library only).

Usage: browser_check.py SITE_DIR [--screenshots DIR]
"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=data, method=method,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


# What a page must look like once rendered; runs through WebDriver (allowed with page JS off).
PROBE = """
// Charts drawn twice (wide and narrow) show one: the hidden one has no box at all.
const svgs = Array.from(document.querySelectorAll('svg')).filter(s => s.getClientRects().length > 0);
const bad = svgs.filter(s => { const r = s.getBoundingClientRect(); return r.width < 50 || r.height < 30; });
return {
  title: document.title,
  h1: (document.querySelector('h1') || {}).textContent || '',
  nav: !!document.querySelector('nav'),
  bodyText: document.body ? document.body.innerText.length : 0,
  svgCount: svgs.length,
  tinySvgs: bad.length,
  jsRan: document.documentElement.classList.contains('js'),
  moustache: document.body ? document.body.innerHTML.indexOf('{{') : -1,
  external: Array.from(document.querySelectorAll('[src],[href]'))
      .map(e => e.getAttribute('src') || e.getAttribute('href'))
      .filter(u => /^(https?:)?\\/\\//.test(u)),
  resources: performance.getEntriesByType('resource').map(e => e.name),
  // A table wider than the content column must sit in a wrapper that scrolls sideways.
  unwrappedWide: Array.from(document.querySelectorAll('table')).filter(t => {
    const main = document.querySelector('main') || document.body;
    const limit = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight) + 1;
    let scroller = null;
    for (let e = t.parentElement; e && e !== main; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if (o === 'auto' || o === 'scroll') { scroller = e; break; }
    }
    if (scroller) return scroller.getBoundingClientRect().right > limit;
    return t.getBoundingClientRect().right > limit;
  }).map(t => (t.querySelector('th') || {}).textContent || 'a table'),
  pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
  // Chart text that the real font makes run past the chart's box (cut off on screen).
  clippedText: svgs.filter(s => s.classList.contains('chart')).flatMap(s => {
    const r = s.getBoundingClientRect();
    return Array.from(s.querySelectorAll('text')).filter(t => {
      const b = t.getBoundingClientRect();
      return b.width > 0 && (b.left < r.left - 1 || b.right > r.right + 1);
    }).map(t => t.textContent.slice(0, 40));
  }),
  // The smallest tick text any visible chart is drawn at, in CSS pixels.
  smallestText: Math.min(1000, ...svgs.filter(s => s.classList.contains('chart') && s.getBoundingClientRect().width > 0)
      .map(s => { const vb = s.viewBox.baseVal; return vb && vb.width ? 12 * s.getBoundingClientRect().width / vb.width : 1000; })),
};
"""


# No page may be larger than this: every page's size is bounded by design (curves thinned,
# heat maps capped), so a larger one means something grew with the rows.
MAX_PAGE_BYTES = 4_000_000


def file_problems(site, pages):
    """Problems found without a browser: oversized pages, a monitoring build without its page."""
    problems = []
    for page in pages:
        size = os.path.getsize(os.path.join(site, page))
        if size > MAX_PAGE_BYTES:
            problems.append(f"{page}: {size:,} bytes, more than {MAX_PAGE_BYTES:,}")
    for folder, _, files in os.walk(site):
        if "results.json" not in files:
            continue
        with open(os.path.join(folder, "results.json"), encoding="utf-8") as f:
            monitoring = json.load(f).get("monitoring")
        if not monitoring:
            continue
        page = os.path.join(folder, "monitoring.html")
        name = os.path.relpath(page, site)
        if not os.path.exists(page):
            problems.append(f"{name}: missing, although {os.path.relpath(folder, site)}/results.json has monitoring")
            continue
        with open(page, encoding="utf-8") as f:
            text = f.read()
        if any(w.get("drift") for w in monitoring.get("windows", [])) and 'class="chart chart-heatmap' not in text:
            problems.append(f"{name}: no drift heat map, although windows have drift measured")
    return problems


def main():
    site = os.path.abspath(sys.argv[1])
    shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
    # Every page, nested sites too (the demo's regression example is in regression/).
    pages = sorted(os.path.relpath(os.path.join(folder, f), site)
                   for folder, _, files in os.walk(site) for f in files if f.endswith(".html"))
    if not pages:
        print(f"browser check: no pages in {site}")
        return 1
    found = file_problems(site, pages)
    for problem in found:
        print(f"  FAIL: {problem}")
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                call(port, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        capabilities = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,2000",
                         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                         "--host-resolver-rules=MAP * ~NOTFOUND"],
                "prefs": {"profile.managed_default_content_settings.javascript": 2},
            },
        }}}
        session = call(port, "POST", "/session", capabilities)["value"]["sessionId"]
        failures = []
        for page in pages:
            call(port, "POST", f"/session/{session}/window/rect", {"width": 1280, "height": 2000})
            call(port, "POST", f"/session/{session}/url", {"url": "file://" + os.path.join(site, page)})
            probe = call(port, "POST", f"/session/{session}/execute/sync", {"script": PROBE, "args": []})["value"]
            problems = []
            if probe["unwrappedWide"]:
                problems.append(f"tables overflow the page at 1280 px outside a scroll wrapper: {probe['unwrappedWide'][:3]}")
            if probe["pageOverflow"] > 1:
                problems.append(f"the page is {probe['pageOverflow']} px wider than the window at 1280 px")
            if probe["smallestText"] < 9:
                problems.append(f"chart text drawn at {probe['smallestText']:.1f} px at 1280 px")
            if probe["clippedText"]:
                problems.append(f"chart text cut off at the chart's edge: {probe['clippedText'][:3]}")
            # The same page on a phone: nothing wider than the screen, no chart text below 9 px.
            call(port, "POST", f"/session/{session}/window/rect", {"width": 390, "height": 2000})
            phone = call(port, "POST", f"/session/{session}/execute/sync", {"script": PROBE, "args": []})["value"]
            if phone["pageOverflow"] > 1:
                problems.append(f"the page is {phone['pageOverflow']} px wider than a 390 px phone")
            if phone["smallestText"] < 9:
                problems.append(f"chart text drawn at {phone['smallestText']:.1f} px on a phone")
            if phone["clippedText"]:
                problems.append(f"chart text cut off at the chart's edge on a phone: {phone['clippedText'][:3]}")
            if phone["unwrappedWide"]:
                problems.append(f"tables overflow a phone's screen outside a scroll wrapper: {phone['unwrappedWide'][:3]}")
            call(port, "POST", f"/session/{session}/window/rect", {"width": 1280, "height": 2000})
            if not probe["h1"].strip():
                problems.append("no <h1> heading")
            if not probe["nav"]:
                problems.append("no navigation bar")
            if probe["bodyText"] < 200:
                problems.append(f"almost no text ({probe['bodyText']} characters)")
            if probe["tinySvgs"]:
                problems.append(f"{probe['tinySvgs']} of {probe['svgCount']} charts have no size")
            if probe["jsRan"]:
                problems.append("a script ran although JavaScript is off")
            if probe["moustache"] >= 0:
                problems.append("an unrendered '{{' template tag")
            if probe["external"]:
                problems.append(f"references to other hosts: {probe['external'][:3]}")
            remote = [r for r in probe["resources"] if not r.startswith(("file:", "data:"))]
            if remote:
                problems.append(f"requests to other hosts: {remote[:3]}")
            status = "ok" if not problems else "FAIL: " + "; ".join(problems)
            print(f"  {page}: {probe['svgCount']} charts, {probe['bodyText']} characters of text — {status}")
            if problems:
                failures.append(page)
            if shots:
                os.makedirs(shots, exist_ok=True)
                png = call(port, "GET", f"/session/{session}/screenshot")["value"]
                with open(os.path.join(shots, page.replace("/", "--").replace(".html", ".png")), "wb") as f:
                    f.write(base64.b64decode(png))
        call(port, "DELETE", f"/session/{session}")
    finally:
        driver.terminate()
    print(f"browser: {len(pages) - len(failures)} passed, {len(failures)} failed"
          + (f"; {len(found)} file problems" if found else ""))
    return 1 if failures or found else 0


if __name__ == "__main__":
    sys.exit(main())
