#!/usr/bin/env python3
"""Makes the README's pictures from a running `attnflow serve`, with Debian's headless Chromium and chromedriver.

    ui/scripts/readme-pictures.py BASE_URL SID MODEL_A MODEL_B OUT_DIR

docs/rings-compare.png is the UI's own PNG export (2x, with title and legend) of Token Rings comparing MODEL_A with
MODEL_B on sentence SID; head-view.png, model-view.png and screenshot.png are screenshots of those views at device
scale 2. Python's standard library only: it speaks chromedriver's W3C protocol over HTTP.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, downloads):
        self.port = free_port()
        self.proc = subprocess.Popen(["chromedriver", f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium"),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,950",
                     "--force-device-scale-factor=2", "--hide-scrollbars"],
            "prefs": {"download.default_directory": downloads, "download.prompt_for_download": False}}}
        self.sid = self.call("POST", "/session", {"capabilities": {"alwaysMatch": caps}})["sessionId"]

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=300) as r:
            return json.loads(r.read())["value"] if path != "/status" else None

    def s(self, method, path, body=None):
        return self.call(method, f"/session/{self.sid}{path}", body)

    def js(self, script, *args):
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def get(self, url, ready):
        self.s("POST", "/url", {"url": url})
        for _ in range(600):
            if self.js(f"return !!({ready})"):
                time.sleep(0.5)
                return
            time.sleep(0.2)
        raise SystemExit(f"not ready: {url}")

    def element(self, css):
        v = self.s("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(v.values()))

    def shot(self, css, path):
        png = self.s("GET", f"/element/{self.element(css)}/screenshot") if css else self.s("GET", "/screenshot")
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))
        print("wrote", path)

    def quit(self):
        try:
            self.s("DELETE", "")
        finally:
            self.proc.terminate()


def main():
    base, sid, a, b, out = sys.argv[1:6]
    downloads = tempfile.mkdtemp(prefix="attnflow-pictures-")
    d = Driver(downloads)
    idle = "window.attnflow && window.attnflow.idle && window.attnflow.renders > 0"
    shrink = ("const t = document.querySelector(arguments[0]); t.style.flex = 'none'; t.style.alignSelf = 'flex-start';"
              " t.style.width = 'fit-content'; t.style.maxWidth = '100%';")
    try:
        d.s("POST", "/window/rect", {"width": 1400, "height": 1400})  # a tall window: large rings
        d.get(f"{base}/?model={a}&cmp={b}&sid={sid}&layout=rings", idle)
        d.s("POST", f"/element/{d.element('#export-png')}/click", {})
        for _ in range(100):
            files = [f for f in os.listdir(downloads) if f.endswith(".png")]
            if files:
                break
            time.sleep(0.2)
        time.sleep(0.5)
        shutil.copy(os.path.join(downloads, files[0]), os.path.join(out, "rings-compare.png"))
        print("wrote", os.path.join(out, "rings-compare.png"))
        d.s("POST", "/window/rect", {"width": 1500, "height": 950})
        d.get(f"{base}/?model={b}&sid={sid}", idle)
        d.shot(None, os.path.join(out, "screenshot.png"))
        d.get(f"{base}/?model={b}&sid={sid}&tab=head&hvlayer=3&hvhead=all", "window.attnflow && window.attnflow.headView")
        d.js(shrink, "#tab-head")
        d.shot("#tab-head", os.path.join(out, "head-view.png"))
        d.get(f"{base}/?model={b}&sid={sid}&tab=model",
              "window.attnflow && window.attnflow.modelView && window.attnflow.modelView.drawn === window.attnflow.modelView.cells")
        d.js(shrink, "#tab-model")
        d.shot("#tab-model", os.path.join(out, "model-view.png"))
    finally:
        d.quit()


if __name__ == "__main__":
    main()
