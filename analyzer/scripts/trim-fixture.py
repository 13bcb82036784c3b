#!/usr/bin/env python3
"""Copies a run directory into a small test fixture: every file the report reads, except the raw JFR chunks
(binary, megabytes; summary.json's jfr block carries what the report shows), with traces.jsonl cut to the
traces findings cite plus the first few of each endpoint.

Usage: analyzer/scripts/trim-fixture.py runs/demo analyzer/src/test/resources/runs/sweep [--per-endpoint 6]
"""
import json, shutil, sys
from pathlib import Path

def main(args):
    if len(args) < 2:
        sys.exit(__doc__)
    src, dst = Path(args[0]), Path(args[1])
    per_endpoint = int(args[args.index("--per-endpoint") + 1]) if "--per-endpoint" in args else 6
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for name in ["summary.json", "findings.jsonl", "load.json", "service.log", "pricing.log"]:
        if (src / name).exists():
            shutil.copy(src / name, dst / name)
    if (src / "flame").is_dir():
        shutil.copytree(src / "flame", dst / "flame")
    cited = set()
    for line in (src / "findings.jsonl").read_text().splitlines():
        if line.strip():
            cited.update(json.loads(line).get("exemplarTraceIds", []))
    seen = {}
    kept = []
    for line in (src / "traces.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        t = json.loads(line)
        ep = t.get("endpoint") or {}
        key = (t.get("service"), ep.get("method"), ep.get("route"))
        if t["traceId"] in cited or seen.get(key, 0) < per_endpoint:
            seen[key] = seen.get(key, 0) + 1
            kept.append(line)
    (dst / "traces.jsonl").write_text("\n".join(kept) + "\n")
    print(f"{dst}: {len(kept)} traces ({len(cited)} cited by findings)")

main(sys.argv[1:])
