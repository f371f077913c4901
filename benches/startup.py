#!/usr/bin/env python3
"""Start-up benchmark: whole processes, side by side with a Python pipeline doing the same.

Runs the release binary's everyday commands (the bundled example's report through `demo` and
through `report`, `list`, `show` and `lint` of an example) and `benches/startup/pipeline.py`
(tomllib, jsonschema, the scoring in Python, Jinja2: the same report) N times each, interleaved
so that every command sees the same load, and prints a Markdown table of the median wall time,
the median CPU time (user + system: steadier than wall time on a shared machine) and the peak
resident memory of each, with how many times faster than the Python pipeline each report is.

    cargo build --release
    pip install jinja2 jsonschema        # for the Python pipeline
    python3 benches/startup.py           # 30 runs each; --runs N, --bin PATH to time another build

Needs Python 3.11+ and GNU time (`/usr/bin/time`, Debian's `time` package, for the peak
memory); the Python pipeline is skipped, with a note, when jinja2 or jsonschema is missing.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# A process started from this one counts this one's memory in its peak (the kernel keeps the
# high-water mark across exec), so the peak is read from GNU time, whose child it is; the time
# is measured without it, so that its own start is not counted.
GNU_TIME = "/usr/bin/time"


def run_once(argv):
    """Wall seconds and CPU seconds (user + system) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if code != 0:
        sys.exit(f"{' '.join(map(str, argv))}: exit {code}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def peak_rss(argv, rss_file):
    """Peak resident memory (KiB) of one run, or None without GNU time."""
    if not os.path.exists(GNU_TIME):
        return None
    subprocess.run([GNU_TIME, "-f", "%M", "-o", rss_file] + argv, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return int(Path(rss_file).read_text().split()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--bin", default=str(ROOT / "target/release/salvaguarda"))
    args = ap.parse_args()
    if not Path(args.bin).is_file():
        sys.exit(f"{args.bin}: not found; run `cargo build --release` first")
    b = args.bin
    pipeline = [sys.executable, str(ROOT / "benches/startup/pipeline.py")]
    cases = {
        "demo": [b, "demo"],
        "report examples/mixed.toml": [b, "report", "examples/mixed.toml"],
        "list": [b, "list"],
        "show uncc-safeguards": [b, "show", "uncc-safeguards"],
        "lint examples/mixed.toml": [b, "lint", "examples/mixed.toml"],
    }
    # The yardstick of each report: the same report in the same language.
    yard = {}
    try:
        import jinja2  # noqa: F401
        import jsonschema  # noqa: F401

        for name, argv, lang in [("demo", ["examples/mixed.toml", "en"], "en"),
                                 ("report examples/mixed.toml", ["examples/mixed.toml"], "es")]:
            yard[name] = f"Python: report of examples/mixed.toml ({lang})"
            cases[yard[name]] = pipeline + argv
    except ImportError:
        print("(jinja2 or jsonschema missing: `pip install jinja2 jsonschema` to time the "
              "Python pipeline)\n")
    if not os.path.exists(GNU_TIME):
        print(f"({GNU_TIME} missing: no peak memory; Debian's `time` package has it)\n")

    with tempfile.TemporaryDirectory() as tmp:
        rss_file = os.path.join(tmp, "rss")
        for argv in cases.values():  # warm the page cache
            run_once(argv)
        samples = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, argv in cases.items():
                samples[name].append(run_once(argv))
        peaks = {name: [peak_rss(argv, rss_file) for _ in range(3)]
                 for name, argv in cases.items()}

    stats = {}
    for name, runs in samples.items():
        stats[name] = (
            statistics.median(r[0] for r in runs) * 1000,
            statistics.median(r[1] for r in runs) * 1000,
            max(peaks[name]) / 1024 if None not in peaks[name] else float("nan"),
        )
    print(f"{args.runs} runs each, load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs\n")
    print("| command | median wall (ms) | median CPU (ms) | peak RSS (MiB) "
          "| vs Python (wall / CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name, (wall, cpu, rss) in stats.items():
        vs = ""
        if name in yard:
            pw, pc, _ = stats[yard[name]]
            vs = f"{pw / wall:.0f}× / {pc / max(cpu, 0.001):.0f}×"
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {rss:.1f} | {vs} |")


if __name__ == "__main__":
    main()
