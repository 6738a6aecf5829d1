#!/usr/bin/env python3
"""Hostile sizes: how brief's build time grows with input that is large in
one dimension. For each case it builds sites at three sizes, each double the
last, with the release binary, and prints the time and the time per unit of
size; near-linear growth keeps the last column flat.

    cargo build --release
    python3 benches/hostile.py [--brief target/release/brief] [--runs 3] [--work /dev/shm]

Cases: one article of 2.5, 5 and 10 MB of wire text; one line of 25k, 50k
and 100k characters; Markdown nested 2.5k, 5k and 10k deep (block quotes,
lists, brackets, emphasis, quotation marks, HTML); a registry of 12.5k, 25k
and 50k aliases matched against 200 articles.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

PARAGRAPH = (
    "Kremlin spokesman Dmitry Peskov said on Tuesday that “the talks in "
    "Istanbul will continue if the other side is serious,” adding that Moscow "
    "had “no illusions” about a quick result. Ukraine's foreign minister told "
    "reporters: “We are ready, but not at any price.” Erdoğan's office said "
    "Türkiye would host a second round. The 12\" shells and the rock 'n' roll "
    "band's tour were not discussed.\n\n"
)

ACTORS = {
    "russia": ("Russia", "state", ["Moscow", "the Kremlin"]),
    "dmitry-peskov": ("Dmitry Peskov", "person", ["Peskov"]),
    "turkiye": ("Türkiye", "state", ["Turkey", "Ankara"]),
    "erdogan": ("Recep Tayyip Erdoğan", "person", ["Erdoğan"]),
}


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def actor(root, ident, name, kind, aliases):
    quoted = ", ".join('"%s"' % a for a in aliases)
    write(
        root,
        "content/actors/%s.md" % ident,
        '+++\nname = "%s"\nkind = "%s"\naliases = [%s]\n+++\n' % (name, kind, quoted),
    )


def base_site(root):
    write(root, "brief.toml", 'title = "Hostile"\n')
    for ident, (name, kind, aliases) in ACTORS.items():
        actor(root, ident, name, kind, aliases)
    write(root, "content/topics/peace-talks.md", '+++\ntitle = "Peace talks"\n+++\n')
    write(
        root,
        "content/notes/first.md",
        '+++\ntitle = "First"\ndate = 2025-05-16\n+++\nRussia and Türkiye.\n',
    )


def big_article(root, megabytes):
    base_site(root)
    count = int(megabytes * 1_000_000 / len(PARAGRAPH.encode()))
    write(root, "content/articles/big.txt", "Big article\n\n" + PARAGRAPH * count)
    return "%.1f MB" % megabytes, megabytes


def long_line(root, chars):
    base_site(root)
    line = PARAGRAPH.replace("\n", " ") * (chars // len(PARAGRAPH) + 1)
    write(root, "content/articles/line.txt", "Long line\n\n" + line[:chars] + "\n")
    return "%dk chars" % (chars // 1000), chars


def nesting(root, depth):
    base_site(root)
    front = '+++\ntitle = "Deep"\ndate = 2025-05-16\n+++\n'
    bodies = {
        "quote": ">" * depth + " deep\n",
        "list": "".join("  " * i + "- x\n" for i in range(depth // 5)),
        "brackets": "[a" * depth + "x" + "]" * depth + "\n",
        "emphasis": "*" * depth + "x" + "*" * depth + "\n",
        "marks": "“" * depth + "x" + "”" * depth + "\n",
        "html": "<div>" * depth + "\n",
    }
    for name, body in bodies.items():
        write(root, "content/notes/deep-%s.md" % name, front + body)
    return "%d deep" % depth, depth


def registry(root, aliases):
    base_site(root)
    per_actor = 5
    for i in range(aliases // per_actor):
        names = ["Person%d Alias%d" % (i, k) for k in range(per_actor)]
        actor(root, "person-%d" % i, "Person %d" % i, "person", names)
    for i in range(200):
        write(root, "content/articles/a%03d.txt" % i, "Article %d\n\n" % i + PARAGRAPH * 20)
    return "%d aliases" % aliases, aliases


CASES = [
    ("big article", big_article, [2.5, 5, 10]),
    ("long line", long_line, [25_000, 50_000, 100_000]),
    ("nesting", nesting, [2_500, 5_000, 10_000]),
    ("registry", registry, [12_500, 25_000, 50_000]),
]


def build(brief, root, runs):
    best = None
    for _ in range(runs):
        out = os.path.join(root, "public")
        started = time.perf_counter()
        done = subprocess.run(
            [brief, "build", "--quiet", "--root", root, "--output", out],
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit("build failed in %s:\n%s" % (root, done.stderr))
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brief", default="target/release/brief")
    parser.add_argument("--runs", type=int, default=3, help="best of this many builds")
    parser.add_argument("--work", help="where sites are made and built (tmpfs is best)")
    args = parser.parse_args()
    brief = os.path.abspath(args.brief)
    print("| case | size | build (best of %d) | per unit, relative to the smallest |" % args.runs)
    print("|---|---|---|---|")
    for name, make, sizes in CASES:
        first = None
        for size in sizes:
            root = tempfile.mkdtemp(prefix="brief-hostile-", dir=args.work)
            try:
                label, units = make(root, size)
                seconds = build(brief, root, args.runs)
            finally:
                shutil.rmtree(root)
            per_unit = seconds / units
            first = first or per_unit
            print("| %s | %s | %.3f s | %.2f |" % (name, label, seconds, per_unit / first))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
