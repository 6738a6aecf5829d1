#!/usr/bin/env python3
"""brief against Hugo on the bench kit's briefing corpus, side by side.

    cargo build --release
    python3 benches/compare.py [--sizes 1000,10000,50000] [--runs 3]
                               [--work DIR] [--out DIR] [--kit ../shared/bench]
                               [--registry 5000] [--settle 5]

For each size N it generates the corpus (N articles, N/2 notes) with the
kit's gen_corpus.py, lays it out as a brief site (to_brief.py) and, where
`hugo` is installed (Debian's package), as the equivalent Hugo site
(peers.sh), then builds them in turn, alternating tools run by run. It
reports the median wall time, CPU time and the largest peak RSS of each,
documents per second, output size, and Hugo's time over brief's; and, from
the same runs, what mention and quote analysis adds to brief's build (the
same binary with --no-analysis).

With --registry K it also builds the 10k corpus (or the largest size asked
for) with K actors in the registry instead of the kit's 41, each with three
aliases, to show what matching against a large registry costs.

Each build starts after a pause of --settle seconds, as a build run by hand
does. Without it, a build right after another tool's exit reuses the memory
that tool just freed: in a virtual machine whose host takes back the guest's
free memory after about two seconds (free page reporting), that memory is
still at hand, the build looks faster than it runs alone, and each tool's
figures depend on what ran before it.

Generated corpora are kept in --work (default: a `brief-bench` folder in
the system's temporary folder) and reused by later runs.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def measured(cmd):
    """Runs `cmd`; returns (wall s, cpu s, peak RSS MiB)."""
    started = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    err = child.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def size_of(folder):
    total = 0
    for base, _, files in os.walk(folder):
        for f in files:
            total += os.path.getsize(os.path.join(base, f))
    return total


def prepare(kit, work, n, hugo):
    corpus = os.path.join(work, "corpus-%d" % n)
    site = os.path.join(work, "brief-%d" % n)
    peers = os.path.join(work, "peers-%d" % n)
    if not os.path.isdir(corpus):
        run([sys.executable, os.path.join(kit, "gen_corpus.py"), corpus, "-n", str(n), "--force"])
    if not os.path.isdir(site):
        run([sys.executable, os.path.join(kit, "to_brief.py"), corpus, site, "--force"])
    if hugo and not os.path.isdir(os.path.join(peers, "hugo")):
        run([os.path.join(kit, "peers.sh"), "layout", corpus, peers])
    return site, os.path.join(peers, "hugo")


def with_registry(site, actors):
    """A copy of `site` whose registry holds `actors` actors."""
    big = "%s-actors-%d" % (site, actors)
    if os.path.isdir(big):
        return big
    shutil.copytree(site, big, symlinks=True)
    folder = os.path.join(big, "content", "actors")
    present = len(os.listdir(folder))
    for i in range(actors - present):
        names = ['"Analyst%d Person"' % i, '"A. Person%d"' % i, '"Person%d Desk"' % i]
        with open(os.path.join(folder, "extra-%05d.md" % i), "w") as f:
            f.write('+++\nname = "Extra Person %d"\nkind = "person"\naliases = [%s]\n+++\n'
                    % (i, ", ".join(names)))
    return big


NO_ANALYSIS = "brief --no-analysis"


def builders(brief, site, hugo_site, out, no_analysis=False):
    def build(name, folder, *flags):
        output = os.path.join(out, folder)
        return (name, [brief, "build", "--quiet", "--root", site, "--output", output, *flags],
                output)

    tools = [build("brief", "brief")]
    if no_analysis:
        tools.append(build(NO_ANALYSIS, "brief-no-analysis", "--no-analysis"))
    if hugo_site:
        tools.append(("hugo", ["hugo", "--quiet", "-s", hugo_site, "-d",
                               os.path.join(out, "hugo")], os.path.join(out, "hugo")))
    return tools


def bench(tools, runs, settle):
    results = {name: [] for name, _, _ in tools}
    sizes = {}
    for r in range(runs):
        order = tools if r % 2 == 0 else list(reversed(tools))
        for name, cmd, output in order:
            shutil.rmtree(output, ignore_errors=True)
            time.sleep(settle)
            results[name].append(measured(cmd))
            sizes[name] = size_of(output)
            # Gone before the next build: at 50k a site is gigabytes, and on
            # tmpfs it would take memory from the tool measured after it.
            shutil.rmtree(output, ignore_errors=True)
    return {
        name: (
            statistics.median(w for w, _, _ in rs),
            statistics.median(c for _, c, _ in rs),
            max(m for _, _, m in rs),
            sizes[name],
        )
        for name, rs in results.items()
    }


def report(label, docs, figures):
    brief_wall = figures["brief"][0]
    for name, (wall, cpu, rss, size) in figures.items():
        ratio = "%.1fx" % (wall / brief_wall) if name == "hugo" else ""
        print("| %s | %s | %.2f s | %.2f s | %.0f MiB | %.0f | %.0f MB | %s |" % (
            label, name, wall, cpu, rss, docs / wall, size / 1e6, ratio))
        sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "brief-bench"))
    parser.add_argument("--kit", default=os.path.join(REPO, "..", "shared", "bench"))
    parser.add_argument("--brief", default=os.path.join(REPO, "target", "release", "brief"))
    parser.add_argument("--out", help="where builds write (default: WORK/out; tmpfs is best)")
    parser.add_argument("--registry", type=int, default=0,
                        help="also build the largest corpus with this many actors")
    parser.add_argument("--settle", type=float, default=5,
                        help="seconds to pause before each build (default 5)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    hugo = shutil.which("hugo") is not None
    if not hugo:
        print("(hugo is not installed: apt-get install hugo; brief alone)")
    sizes = [int(s) for s in args.sizes.split(",")]
    out = args.out or os.path.join(args.work, "out")
    print("| corpus | tool | wall | cpu | peak RSS | docs/s | output | Hugo / brief |")
    print("|---|---|---|---|---|---|---|---|")
    # What mention and quote analysis adds to a build, per size: the same
    # binary with --no-analysis, alternated with the others run by run.
    costs = []
    per_doc = []
    for n in sizes:
        site, hugo_site = prepare(args.kit, args.work, n, hugo)
        tools = builders(args.brief, site, hugo_site if hugo else None, out, no_analysis=True)
        figures = bench(tools, args.runs, args.settle)
        report("%d + %d" % (n, n // 2), n + n // 2, figures)
        per_doc.append(("%d + %d" % (n, n // 2), figures["brief"][0] / (n + n // 2)))
        (full, full_cpu), (bare, bare_cpu) = (figures[k][:2] for k in ("brief", NO_ANALYSIS))
        costs.append("%d + %d: analysis adds %+.0f%% wall, %+.0f%% cpu"
                     % (n, n // 2, 100 * (full / bare - 1), 100 * (full_cpu / bare_cpu - 1)))
    print()
    for line in costs:
        print(line)
    if len(per_doc) > 1:
        # Flat means each size within a band around the median of them.
        middle = statistics.median(t for _, t in per_doc)
        print("time per document: " + ", ".join(
            "%s %.0f µs (%+.0f%%)" % (label, t * 1e6, 100 * (t / middle - 1)) for label, t in per_doc))
    if args.registry:
        n = max(sizes)
        site, _ = prepare(args.kit, args.work, n, False)
        big = with_registry(site, args.registry)
        small_tools = builders(args.brief, site, None, out)
        big_tools = [("brief, %d actors" % args.registry, cmd, output)
                     for _, cmd, output in builders(args.brief, big, None, out)]
        # Alternate the two registries run by run, as the tools above.
        figures = bench(small_tools + big_tools, args.runs, args.settle)
        report("%d + %d" % (n, n // 2), n + n // 2, figures)
        small, large = figures["brief"][0], figures["brief, %d actors" % args.registry][0]
        print("\n%d actors: %+.0f%% against the kit's registry" % (args.registry, 100 * (large / small - 1)))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
