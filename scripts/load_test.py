"""Load test of `sitegen serve` on loopback (see scripts/load-test).

Checks, each bounded in time:
1. wrk with 64 connections for SECONDS: no socket errors, no non-2xx answers, and the server's
   memory stays flat (peak RSS in the second half within 25% of the first half's).
2. 300 idle connections are held open while new requests are still answered promptly.
3. While wrk runs, a page's source is changed back and forth: every fetch of that page returns
   either the old or the new version, never a broken one.
Prints a summary and a closing line 'N passed, M failed'.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fetch(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--sitegen", default=".build/debug/sitegen")
    args = parser.parse_args()
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}: {name}{' — ' + detail if detail else ''}", flush=True)

    work = tempfile.mkdtemp(prefix="sitegen-load-")
    site = os.path.join(work, "site")
    shutil.copytree(os.path.join(ROOT, "Content"), os.path.join(site, "Content"))
    shutil.copytree(os.path.join(ROOT, "Templates"), os.path.join(site, "Templates"))
    port = free_port()
    server = subprocess.Popen(
        [os.path.join(ROOT, args.sitegen), "serve", "--root", site, "--port", str(port), "--as-of", "2026-01-15"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if fetch(base)[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            check("server starts", False)
            return finish(results)
        page = "guides/check-contract/index.html"
        guide = os.path.join(site, "Content/guides/check-contract.md")
        original = open(guide, encoding="utf-8").read()
        def without_reload_script(body):
            # The injected script names the build it came from, which changes with every build.
            return re.sub(r"<script>.*?</script>\s*", "", body, flags=re.S)

        old = without_reload_script(fetch(base + page)[1])

        # 3. Rebuilds during the load, checked by a reader that fetches the page in a loop.
        marker_new = "負荷試験中に書き換えた行"
        seen = {"old": 0, "new": 0, "broken": 0}
        stop = threading.Event()

        def reader():
            while not stop.is_set():
                try:
                    status, body = fetch(base + page)
                except OSError:
                    seen["broken"] += 1
                    continue
                body = without_reload_script(body)
                if status == 200 and body.rstrip().endswith("</html>") and (marker_new in body):
                    seen["new"] += 1
                elif status == 200 and body.rstrip().endswith("</html>"):
                    seen["old"] += 1
                else:
                    seen["broken"] += 1

        def editor():
            flip = False
            while not stop.is_set():
                flip = not flip
                with open(guide, "w", encoding="utf-8") as f:
                    f.write(original + (f"\n{marker_new}\n" if flip else ""))
                stop.wait(1.0)

        samples = []

        def sampler():
            while not stop.is_set():
                samples.append(rss_kib(server.pid))
                stop.wait(0.5)

        threads = [threading.Thread(target=t) for t in (reader, editor, sampler)]
        for t in threads:
            t.start()
        # 1. wrk with 64 connections over the index and a scenario page.
        wrk = subprocess.run(
            ["wrk", "-t2", "-c64", f"-d{args.seconds}s", "--timeout", "5s", base + "guides/switch-to-external-certificate/other-before-cutover/index.html"],
            capture_output=True, text=True, timeout=args.seconds + 60)
        stop.set()
        for t in threads:
            t.join(timeout=10)
        with open(guide, "w", encoding="utf-8") as f:
            f.write(original)
        print(wrk.stdout.strip())
        requests = re.search(r"(\d+) requests in", wrk.stdout)
        errors = re.search(r"Socket errors: (.*)", wrk.stdout)
        non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk.stdout)
        check("wrk ran", wrk.returncode == 0 and requests is not None, wrk.stderr.strip())
        check("no socket errors under 64 connections", errors is None, errors.group(1) if errors else "")
        check("every answer was 2xx", non2xx is None, non2xx.group(0) if non2xx else "")
        half = len(samples) // 2
        first, second = max(samples[:half] or [0]), max(samples[half:] or [0])
        check("memory stays flat", half > 0 and second <= first * 1.25,
              f"peak RSS first half {first // 1024} MiB, second half {second // 1024} MiB")
        check("pages during rebuilds are old or new, never broken",
              seen["broken"] == 0 and seen["old"] > 0 and seen["new"] > 0, str(seen))

        # 2. Idle connections do not block new requests.
        idle = []
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            idle.append(s)
        started = time.time()
        try:
            status, _ = fetch(base, timeout=5)
            elapsed = time.time() - started
            check("a new request is answered with 300 idle connections open", status == 200 and elapsed < 2,
                  f"{elapsed * 1000:.0f} ms")
        except OSError as error:
            check("a new request is answered with 300 idle connections open", False, str(error))
        for s in idle:
            s.close()
        # The restored source is picked up after the watcher's debounce.
        deadline = time.time() + 5
        while time.time() < deadline and without_reload_script(fetch(base + page)[1]) != old:
            time.sleep(0.1)
        check("the page is the original again after the last change", without_reload_script(fetch(base + page)[1]) == old)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        check("serve stops on SIGTERM", server.returncode == 0, f"exit {server.returncode}")
        shutil.rmtree(work, ignore_errors=True)
    return finish(results)


def finish(results):
    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
